using System.Collections.Concurrent;
using Journal.Api.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Journal.Api.Realtime;

/// <summary>
/// The hub's open connections by session, so that ending a session (logout, revocation, refresh-token
/// reuse, account deletion) also closes its live connections at once instead of when the token expires.
/// Per node: each node closes the connections it holds.
/// </summary>
public sealed class UpdatesConnections
{
    private readonly ConcurrentDictionary<string, (Guid UserId, Guid SessionId, HubCallerContext Context)> _connections = new(StringComparer.Ordinal);

    public void Add(HubCallerContext context) =>
        _connections[context.ConnectionId] = (context.User!.GetUserId(), context.User!.GetSessionId(), context);

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>The users with at least one connection here.</summary>
    public HashSet<Guid> Users() => [.. _connections.Values.Select(connection => connection.UserId)];

    public void AbortSession(Guid sessionId) => Abort(connection => connection.SessionId == sessionId);

    public void AbortUser(Guid userId) => Abort(connection => connection.UserId == userId);

    private void Abort(Func<(Guid UserId, Guid SessionId, HubCallerContext Context), bool> match)
    {
        foreach (var (_, connection) in _connections)
            if (match(connection)) connection.Context.Abort();
    }
}
