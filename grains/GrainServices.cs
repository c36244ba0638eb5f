using Journal.Grains.Accounts;
using Journal.Grains.Attachments;
using Journal.Grains.Community;
using Journal.Grains.Habits;
using Journal.Grains.Insights;
using Journal.Grains.Journal;
using Journal.Grains.Journal.Secret;
using Journal.Grains.Mood;
using Journal.Grains.Notifications;
using Journal.Grains.Privacy;
using Journal.Grains.Progress;
using Journal.Grains.Realtime;
using Journal.Grains.Reminders;
using Journal.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Journal.Grains;

public static class GrainServices
{
    /// <summary>
    /// The services the grains need besides the runtime: the master key (configuration section
    /// <c>Encryption</c>, checked at start-up), the users' key store, each feature's part of deleting
    /// an account, and where pushes to devices go (none unless the API registers its hub first).
    /// </summary>
    public static IServiceCollection AddJournalGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        DapperTypeHandlers.Register();
        services.AddOptions<EncryptionOptions>().Bind(configuration.GetSection(EncryptionOptions.SectionName));
        services.AddOptions<CommunityOptions>().Bind(configuration.GetSection(CommunityOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MasterKey>();
        services.AddOptions<SecretTagOptions>().Bind(configuration.GetSection(SecretTagOptions.SectionName));
        services.AddSingleton<UserKeyStore>();
        services.AddSingleton<IUserUpdates, DevicesUserUpdates>();
        services.AddSingleton<LocalProgressSummaries>();
        services.AddSingleton<IAccountErasure, JournalErasure>();
        services.AddSingleton<IAccountErasure, MoodErasure>();
        services.AddSingleton<IAccountErasure, ProgressErasure>();
        services.AddSingleton<IAccountErasure, NotificationErasure>();
        services.AddSingleton<IAccountErasure, HabitErasure>();
        services.AddSingleton<IAccountErasure, ReminderErasure>();
        services.AddSingleton<IAccountErasure, InsightsErasure>();
        services.AddSingleton<InsightsSource>();
        services.AddSingleton<IAccountErasure, CommunityErasure>();
        services.AddSingleton<IAccountErasure, AttachmentErasure>();
        services.AddAttachmentStore(configuration);
        return services;
    }
}
