using Microsoft.Extensions.Options;

namespace Journal.Runtime;

/// <summary>Refuses settings the runtime cannot work with, naming the configuration key.</summary>
internal sealed class GrainRuntimeOptionsValidator : IValidateOptions<GrainRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainRuntimeOptions options)
    {
        var errors = new List<string>();
        RequirePositive(errors, nameof(options.ResponseTimeout), options.ResponseTimeout);
        RequirePositive(errors, nameof(options.CollectionAge), options.CollectionAge);
        RequirePositive(errors, nameof(options.CollectionQuantum), options.CollectionQuantum);
        RequirePositive(errors, nameof(options.DeactivationTimeout), options.DeactivationTimeout);
        foreach (var (grainType, age) in options.ClassSpecificCollectionAge)
            RequirePositive(errors, $"{nameof(options.ClassSpecificCollectionAge)}:{grainType}", age);
        if (options.MaxActiveActivations < 1)
            errors.Add($"GrainRuntime:{nameof(options.MaxActiveActivations)} must be at least 1 (was {options.MaxActiveActivations}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Infinite is allowed where a duration may be "never" (collection ages).
    private static void RequirePositive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            errors.Add($"GrainRuntime:{key} must be a positive duration such as 00:00:30 (was {value}).");
    }
}
