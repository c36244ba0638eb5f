using Microsoft.Extensions.Options;

namespace Journal.Runtime;

/// <summary>Settings of the reminder service (configuration section <c>Reminders</c>).</summary>
public sealed class ReminderOptions
{
    /// <summary>Shorter periods are refused; tests lower it.</summary>
    public TimeSpan MinimumPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The service looks at the table at least this often (registrations in this process wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts of a tick whose grain keeps failing; then the tick is given up (a periodic reminder moves on to its next one).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before a failed tick is tried again; it doubles with each attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Refuses reminder settings the service cannot work with, naming the configuration key.</summary>
internal sealed class ReminderOptionsValidator : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        var errors = new List<string>();
        OptionRules.RequirePositive(errors, $"Reminders:{nameof(options.MinimumPeriod)}", options.MinimumPeriod);
        OptionRules.RequirePositive(errors, $"Reminders:{nameof(options.PollInterval)}", options.PollInterval);
        OptionRules.RequirePositive(errors, $"Reminders:{nameof(options.RetryDelay)}", options.RetryDelay);
        OptionRules.RequireAtLeast(errors, $"Reminders:{nameof(options.MaxAttempts)}", options.MaxAttempts, 1);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
