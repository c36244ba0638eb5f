using Microsoft.Extensions.Options;

namespace Journal.Runtime;

/// <summary>Refuses settings the runtime cannot work with, naming the configuration key.</summary>
internal sealed class GrainRuntimeOptionsValidator : IValidateOptions<GrainRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainRuntimeOptions options)
    {
        var errors = new List<string>();
        OptionRules.RequirePositive(errors, $"GrainRuntime:{nameof(options.ResponseTimeout)}", options.ResponseTimeout);
        OptionRules.RequirePositive(errors, $"GrainRuntime:{nameof(options.CollectionAge)}", options.CollectionAge);
        OptionRules.RequirePositive(errors, $"GrainRuntime:{nameof(options.CollectionQuantum)}", options.CollectionQuantum);
        OptionRules.RequirePositive(errors, $"GrainRuntime:{nameof(options.DeactivationTimeout)}", options.DeactivationTimeout);
        foreach (var (grainType, age) in options.ClassSpecificCollectionAge)
            OptionRules.RequirePositive(errors, $"GrainRuntime:{nameof(options.ClassSpecificCollectionAge)}:{grainType}", age);
        OptionRules.RequireAtLeast(errors, $"GrainRuntime:{nameof(options.MaxActiveActivations)}", options.MaxActiveActivations, 1);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
