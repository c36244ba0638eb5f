using Microsoft.Extensions.Options;

namespace Journal.Persistence.Streams;

/// <summary>
/// Refuses outbox stream settings the agents cannot work with (a partition count of 0, a batch size
/// of 0 that would read nothing forever, a zero interval), naming the configuration key, so the silo
/// does not start instead of delivering nothing.
/// </summary>
internal sealed class OutboxStreamOptionsValidator : IValidateOptions<OutboxStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxStreamOptions options)
    {
        var errors = new List<string>();
        AtLeast(errors, nameof(options.Partitions), options.Partitions, 1);
        AtLeast(errors, nameof(options.BatchSize), options.BatchSize, 1);
        AtLeast(errors, nameof(options.MaxDeliveryAttempts), options.MaxDeliveryAttempts, 1);
        Positive(errors, nameof(options.PollInterval), options.PollInterval);
        Positive(errors, nameof(options.WakeCheckPeriod), options.WakeCheckPeriod);
        Positive(errors, nameof(options.RetryDelay), options.RetryDelay);
        Positive(errors, nameof(options.Retention), options.Retention);
        Positive(errors, nameof(options.RetentionPeriod), options.RetentionPeriod);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void AtLeast(List<string> errors, string key, int value, int minimum)
    {
        if (value < minimum) errors.Add($"Streams:{key} must be at least {minimum} (was {value}).");
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero) errors.Add($"Streams:{key} must be a positive duration such as 00:00:01 (was {value}).");
    }
}
