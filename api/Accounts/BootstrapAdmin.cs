using Journal.Api.Audit;
using Journal.GrainInterfaces.Accounts;

namespace Journal.Api.Accounts;

/// <summary>
/// At start-up, once the silo runs: gives the admin role to the user named by
/// <c>Bootstrap:AdminUsername</c> if they already exist (a later registration gets it at once).
/// </summary>
public sealed class BootstrapAdmin(IGrainFactory grains, AccountDirectory directory, AuditLog audit, IConfiguration configuration, ILogger<BootstrapAdmin> logger)
    : IHostedService
{
    public const string ConfigurationKey = "Bootstrap:AdminUsername";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration[ConfigurationKey] is not { Length: > 0 } adminUsername) return;
        if (await directory.FindByUsernameAsync(adminUsername, cancellationToken) is not { } id || !await grains.GetGrain<IUserGrain>(id).GrantRoleAsync(Roles.Admin)) return;
        logger.LogInformation("Gave the admin role to the bootstrap admin {UserId}", id);
        await audit.RecordAsync(AuditEvents.RoleChange, id, null, new { role = Roles.Admin, by = "bootstrap" });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
