using Microsoft.Extensions.Options;

namespace Journal.Runtime;

/// <summary>Refuses stream settings the agents cannot work with, naming the configuration key.</summary>
internal sealed class StreamProviderOptionsValidator : IValidateOptions<StreamProviderOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamProviderOptions options)
    {
        var errors = new List<string>();
        OptionRules.RequireAtLeast(errors, $"Streams:{nameof(options.Partitions)}", options.Partitions, 1);
        OptionRules.RequireAtLeast(errors, $"Streams:{nameof(options.BatchSize)}", options.BatchSize, 1);
        OptionRules.RequireAtLeast(errors, $"Streams:{nameof(options.MaxDeliveryAttempts)}", options.MaxDeliveryAttempts, 1);
        OptionRules.RequirePositive(errors, $"Streams:{nameof(options.PollInterval)}", options.PollInterval);
        OptionRules.RequirePositive(errors, $"Streams:{nameof(options.RetryDelay)}", options.RetryDelay);
        OptionRules.RequirePositive(errors, $"Streams:{nameof(options.Retention)}", options.Retention);
        OptionRules.RequirePositive(errors, $"Streams:{nameof(options.RetentionPeriod)}", options.RetentionPeriod);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
