using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Validation;

/// <summary>
/// Collects field errors for one request; <see cref="Problem"/> turns them into a 400
/// problem+json whose <c>errors</c> name each field (camelCase, as the client sent it). The rules come
/// from the <see cref="Field"/> checked, which the OpenAPI document states too; <see cref="Add"/> is for
/// rules no field can state (one field compared with another, a value only a grain can judge).
/// </summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    /// <summary>Adds a message for a field; the same message twice is kept once, so a field has a handful of messages at most.</summary>
    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
        if (!messages.Contains(message)) messages.Add(message);
        return this;
    }

    /// <summary>Refuses a missing value of a required field.</summary>
    public Validator Require(Field field, bool present)
    {
        if (field.Required && !present) Add(field.Name, $"'{field.Name}' is required.");
        return this;
    }

    /// <summary>Checks text: length in characters, no control characters except line breaks and tabs, and the field's pattern.</summary>
    public Validator Text(TextField field, string? value)
    {
        var name = field.Name;
        if (value is null) return Require(field, false);
        if (field.Required && string.IsNullOrWhiteSpace(value)) return Add(name, $"'{name}' must not be empty.");
        if (value.Length > field.MaxLength) return Add(name, $"'{name}' must be at most {field.MaxLength} characters.");
        if (value.Length < field.MinLength) return Add(name, $"'{name}' must be at least {field.MinLength} characters.");
        // NUL cannot be stored (PostgreSQL text refuses it) and other control characters are never meant.
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) return Add(name, $"'{name}' contains control characters.");
        if (!field.Matches(value)) Add(name, field.PatternMessage ?? $"'{name}' is not in the expected form.");
        return this;
    }

    public Validator Integer(IntegerField field, int? value)
    {
        if (value is null) return Require(field, false);
        if (value < field.Minimum || value > field.Maximum) Add(field.Name, $"'{field.Name}' must be between {field.Minimum} and {field.Maximum}.");
        return this;
    }

    /// <summary>A whole number given as text (a query value); the field's default when absent or refused.</summary>
    public int? Integer(IntegerField field, string? text)
    {
        if (text is null)
        {
            Require(field, false);
            return field.Default;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= field.Minimum && value <= field.Maximum)
            return value;
        Add(field.Name, $"'{field.Name}' must be a whole number from {field.Minimum} to {field.Maximum}.");
        return field.Default;
    }

    /// <summary>The labels trimmed and lower-cased, duplicates collapsed; see <see cref="LabelsField"/>.</summary>
    public ImmutableList<string> Labels(LabelsField field, IReadOnlyList<string?>? values)
    {
        var labels = ImmutableList<string>.Empty;
        if (values is null)
        {
            Require(field, false);
            return labels;
        }
        if (values.Count > field.MaxCount) Add(field.Name, $"At most {field.MaxCount} {field.Name}.");
        foreach (var value in values)
        {
            var label = value?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(label) || label.Length > field.MaxLength || label.Any(char.IsControl))
                Add(field.Name, $"Each of '{field.Name}' is 1 to {field.MaxLength} characters, without control characters.");
            else if (!labels.Contains(label)) labels = labels.Add(label);
        }
        return labels;
    }

    /// <summary>The values as the API spells them, duplicates collapsed.</summary>
    public ImmutableList<string> Choices(ChoiceListField field, IReadOnlyList<string?>? values)
    {
        var chosen = ImmutableList<string>.Empty;
        if (values is null)
        {
            Require(field, false);
            return chosen;
        }
        if (values.Count > field.MaxCount) Add(field.Name, $"At most {field.MaxCount} {field.Name}.");
        foreach (var value in values)
        {
            var choice = value is null ? null : field.Choices.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase));
            if (choice is null) Add(field.Name, $"Each of '{field.Name}' is one of: {string.Join(", ", field.Choices)}.");
            else if (!chosen.Contains(choice)) chosen = chosen.Add(choice);
        }
        return chosen;
    }

    /// <summary>The choice as the API spells it; the field's default when absent; null when refused.</summary>
    public string? Choice(ChoiceField field, string? value)
    {
        if (value is null)
        {
            Require(field, false);
            return field.Default;
        }
        if (field.Find(value) is { } choice) return choice;
        Add(field.Name, $"'{field.Name}' must be one of: {string.Join(", ", field.Choices)}.");
        return null;
    }

    public T? Choice<T>(ChoiceField<T> field, string? value) where T : struct =>
        Choice((ChoiceField)field, value) is { } choice ? field.Parse(choice) : null;

    public Validator Date(DateField field, DateOnly? value)
    {
        if (value is null) return Require(field, false);
        if (value < field.Earliest) Add(field.Name, $"'{field.Name}' must be {field.Earliest:yyyy-MM-dd} or later.");
        return this;
    }

    /// <summary>A date given as text (a query value).</summary>
    public DateOnly? Date(DateField field, string? text)
    {
        if (text is null)
        {
            Require(field, false);
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Date(field, date);
            return date;
        }
        Add(field.Name, $"'{field.Name}' must be a date (YYYY-MM-DD).");
        return null;
    }

    /// <summary>An instant given as text (a query value).</summary>
    public DateTimeOffset? Instant(InstantField field, string? text)
    {
        if (text is null)
        {
            Require(field, false);
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)) return instant;
        Add(field.Name, $"'{field.Name}' must be an ISO 8601 date and time.");
        return null;
    }

    /// <summary>true or false given as text (a query value).</summary>
    public bool? Flag(FlagField field, string? text)
    {
        if (text is null)
        {
            Require(field, false);
            return null;
        }
        if (bool.TryParse(text, out var flag)) return flag;
        Add(field.Name, $"'{field.Name}' must be true or false.");
        return null;
    }

    /// <summary>An id given as text (a query value).</summary>
    public Guid? Id(IdField field, string? text)
    {
        if (text is null)
        {
            Require(field, false);
            return null;
        }
        if (Guid.TryParse(text, out var id)) return id;
        Add(field.Name, $"'{field.Name}' must be an id (a UUID).");
        return null;
    }

    /// <summary>The object's JSON text; null when absent, JSON null, or refused.</summary>
    public string? JsonObject(JsonObjectField field, JsonElement? value)
    {
        if (value is not { ValueKind: not JsonValueKind.Null } element)
        {
            Require(field, false);
            return null;
        }
        var json = element.GetRawText();
        if (element.ValueKind != JsonValueKind.Object) Add(field.Name, $"'{field.Name}' must be a JSON object.");
        else if (json.Length > field.MaxLength) Add(field.Name, $"'{field.Name}' must be at most {field.MaxLength} characters of JSON.");
        else return json;
        return null;
    }

    public ValidationProblem Problem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        detail: "The request has invalid fields; see 'errors'.",
        type: Problems.ProblemTypes.ValidationFailed);
}
