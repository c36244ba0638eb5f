using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Journal.Tests.Cluster;

/// <summary>
/// Two API hosts, each with its silo, joined into one cluster through the database's membership table,
/// shared by the tests of a class (<see cref="PostgresDatabase.Shared{T}"/>).
/// </summary>
public sealed class TwoNodes(PostgresDatabase database, IReadOnlyDictionary<string, string>? settings = null) : IAsyncDisposable
{
    public ApiFactory A { get; } = new(database, settings);

    public ApiFactory B { get; } = new(database, settings);

    /// <summary>Starts both and waits until each sees both as active: before that, each may place a grain on its own (a duplicate activation).</summary>
    public async Task JoinedAsync()
    {
        _ = A.Server;
        _ = B.Server;
        await Eventually.True(() => ActiveMembers(A) == 2 && ActiveMembers(B) == 2, "both silos see both as active members", timeoutMs: 30_000);
    }

    /// <summary>A client of node B with <paramref name="user"/>'s session (a user registers through either node).</summary>
    public HttpClient OnB(JournalClient user)
    {
        var client = B.CreateClient();
        client.DefaultRequestHeaders.Authorization = user.Http.DefaultRequestHeaders.Authorization;
        return client;
    }

    private static int ActiveMembers(ApiFactory node) =>
        node.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
