using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Validation;

/// <summary>
/// Collects field errors for one request; <see cref="Problem"/> turns them into a 400
/// problem+json whose <c>errors</c> name each field (camelCase, as the client sent it).
/// </summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    /// <summary>Checks optional or required text: length in characters, and no control characters except line breaks and tabs.</summary>
    public Validator Text(string field, string? value, int maxLength, bool required = false, int minLength = 0)
    {
        if (value is null)
        {
            if (required) Add(field, $"'{field}' is required.");
            return this;
        }
        if (required && string.IsNullOrWhiteSpace(value)) return Add(field, $"'{field}' must not be empty.");
        if (value.Length > maxLength) return Add(field, $"'{field}' must be at most {maxLength} characters.");
        if (value.Length < minLength) return Add(field, $"'{field}' must be at least {minLength} characters.");
        // NUL cannot be stored (PostgreSQL text refuses it) and other control characters are never meant.
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) Add(field, $"'{field}' contains control characters.");
        return this;
    }

    public Validator Range(string field, int? value, int min, int max, bool required = false)
    {
        if (value is null)
        {
            if (required) Add(field, $"'{field}' is required.");
        }
        else if (value < min || value > max)
        {
            Add(field, $"'{field}' must be between {min} and {max}.");
        }
        return this;
    }

    /// <summary>
    /// Short labels (tags, triggers): at most <paramref name="maxCount"/>, each trimmed, lower-cased,
    /// 1 to <paramref name="maxLength"/> characters without control characters; duplicates collapse.
    /// </summary>
    public ImmutableList<string> Labels(string field, IReadOnlyList<string?>? values, int maxCount, int maxLength)
    {
        var labels = ImmutableList<string>.Empty;
        if (values is null) return labels;
        if (values.Count > maxCount) Add(field, $"At most {maxCount} {field}.");
        foreach (var value in values)
        {
            var label = value?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(label) || label.Length > maxLength || label.Any(char.IsControl))
                Add(field, $"Each of '{field}' is 1 to {maxLength} characters, without control characters.");
            else if (!labels.Contains(label)) labels = labels.Add(label);
        }
        return labels;
    }

    public ValidationProblem Problem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        detail: "The request has invalid fields; see 'errors'.",
        type: Problems.ProblemTypes.ValidationFailed);
}
