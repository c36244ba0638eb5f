using System.Collections.Immutable;
using Dapper;
using Journal.Grains.Peers;
using Npgsql;

namespace Journal.Api.Peers;

/// <summary>
/// Read-only queries across users for peer matching (the query layer; it never writes). Only users who
/// are discoverable and not in private mode take part, and only what they share counts: tags of their
/// non-private, non-deleted entries and their habit names.
/// </summary>
public sealed class PeerDirectory(NpgsqlDataSource dataSource)
{
    /// <summary>Candidates compared per request at most; beyond it they are cut in user-id order, not by similarity (docs/HABITS.md, known limits).</summary>
    public const int MaxCandidates = 2_000;

    public sealed record Candidate(Guid UserId, string Pseudonym);

    public async Task<PeerInterests> InterestsOfAsync(Guid userId, CancellationToken cancellationToken)
    {
        var all = await InterestsOfAsync([userId], cancellationToken);
        return all.GetValueOrDefault(userId) ?? new PeerInterests(ImmutableDictionary<string, int>.Empty, ImmutableHashSet<string>.Empty);
    }

    /// <summary>Discoverable users, not in private mode, other than <paramref name="userId"/>, sharing at least one tag or habit with <paramref name="interests"/>.</summary>
    public async Task<IReadOnlyList<Candidate>> CandidatesAsync(Guid userId, PeerInterests interests, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Candidate>(new CommandDefinition(
            """
            WITH overlapping AS (
                SELECT e.user_id FROM journal_entries e
                WHERE e.tags && @tags AND NOT e.is_private AND e.deleted_at IS NULL AND e.user_id <> @userId
                UNION
                SELECT h.user_id FROM habits h
                WHERE lower(h.name) = ANY(@habits) AND h.user_id <> @userId
            )
            SELECT u.id AS user_id, u.pseudonym
            FROM overlapping o
            JOIN users u ON u.id = o.user_id AND u.deleted_at IS NULL
            JOIN user_settings s ON s.user_id = u.id AND s.discoverable AND NOT s.private_mode
            ORDER BY u.id
            LIMIT @MaxCandidates
            """,
            new { userId, tags = interests.TagCounts.Keys.ToArray(), habits = interests.Habits.ToArray(), MaxCandidates }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<Dictionary<Guid, PeerInterests>> InterestsOfAsync(Guid[] userIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var tags = await connection.QueryAsync<(Guid UserId, string Tag, int Entries)>(new CommandDefinition(
            """
            SELECT e.user_id, t.tag, count(*)::int FROM journal_entries e, unnest(e.tags) AS t(tag)
            WHERE e.user_id = ANY(@userIds) AND NOT e.is_private AND e.deleted_at IS NULL
            GROUP BY e.user_id, t.tag
            """, new { userIds }, cancellationToken: cancellationToken));
        var habits = await connection.QueryAsync<(Guid UserId, string Name)>(new CommandDefinition(
            "SELECT user_id, name FROM habits WHERE user_id = ANY(@userIds)", new { userIds }, cancellationToken: cancellationToken));
        var tagsByUser = tags.ToLookup(t => t.UserId);
        var habitsByUser = habits.ToLookup(h => h.UserId);
        return userIds.ToDictionary(id => id, id => new PeerInterests(
            tagsByUser[id].ToImmutableDictionary(t => t.Tag, t => t.Entries, StringComparer.Ordinal),
            habitsByUser[id].Select(h => PeerSimilarity.NormalizeHabit(h.Name)).ToImmutableHashSet(StringComparer.Ordinal)));
    }
}
