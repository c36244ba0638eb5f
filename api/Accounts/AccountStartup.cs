using Dapper;
using Journal.GrainInterfaces.Accounts;
using Journal.Runtime;
using Npgsql;

namespace Journal.Api.Accounts;

/// <summary>
/// At start-up, once the silo runs: gives the admin role to the user named by
/// <c>Bootstrap:AdminUsername</c> if they already exist (new registrations get it at once), and
/// finishes account deletions a crash interrupted.
/// </summary>
public sealed class AccountStartup(
    IGrainFactory grains, NpgsqlDataSource dataSource, AccountDirectory directory, IConfiguration configuration, ILogger<AccountStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration["Bootstrap:AdminUsername"] is { Length: > 0 } adminUsername)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var adminId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM users WHERE lower(username) = lower(@adminUsername)", new { adminUsername }, cancellationToken: cancellationToken));
            if (adminId is { } id && await grains.GetGrain<IUserGrain>(id).GrantRoleAsync(Roles.Admin))
                logger.LogInformation("Gave the admin role to the bootstrap admin {UserId}", id);
        }
        foreach (var userId in await directory.FindUnfinishedDeletionsAsync(cancellationToken))
        {
            logger.LogInformation("Finishing the deletion of account {UserId}", userId);
            await grains.GetGrain<IUserGrain>(userId).CompleteDeletionAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
