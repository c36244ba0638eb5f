namespace Journal.Grains;

/// <summary>
/// The grains' Orleans type names ([GrainType]). They key stored state and reminders, so they are
/// fixed: a renamed class keeps its name here. Migration 0012 moved the runtime's class names to these.
/// </summary>
public static class GrainTypes
{
    public const string User = "user";
    public const string Journal = "journal";
    public const string Mood = "mood";
    public const string Habits = "habits";
    public const string Reminders = "reminders";
    public const string Progress = "progress";
    public const string Insights = "insights";
    public const string PlatformStats = "platform-stats";
    public const string Notifications = "notifications";
    public const string ContentLibrary = "content-library";
    public const string CommunityCategories = "community-categories";
    public const string CommunityStats = "community-stats";
    public const string Member = "member";
    public const string Post = "post";
    public const string Thread = "thread";
    public const string Story = "story";
    public const string Attachments = "attachments";
    public const string ModerationQueue = "moderation-queue";
    public const string HealthProbe = "health-probe";
    public const string UserDevices = "user-devices";
    public const string LoginAttempts = "login-attempts";
    public const string RequestQuota = "request-quota";
}
