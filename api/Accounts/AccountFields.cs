using Journal.Api.Validation;

namespace Journal.Api.Accounts;

/// <summary>
/// The account's fields and their rules (PRODUCT.md §1), shared by registration, the profile and
/// consent. Patterns are anchored with ^ and $ as JSON Schema has them; the validator reads $ as the
/// end of the text (<see cref="TextField.Pattern"/>), so "name\n" does not pass.
/// </summary>
public static class AccountFields
{
    public const int MaxEmailLength = 254;

    public static readonly TextField Username = new("username", 30)
    {
        Pattern = "^[A-Za-z0-9_]{3,30}$", PatternMessage = "The username must be 3 to 30 letters, digits or underscores.",
        Description = "Unique regardless of case.",
    };

    /// <summary>One @ with something on each side and a dot in the domain; real checking is a confirmation mail.</summary>
    public static readonly TextField Email = new("email", MaxEmailLength)
    {
        Pattern = @"^[^@\s]+@[^@\s]+\.[^@\s]+$", PatternMessage = "The email address is not valid.", Format = "email",
        Description = "Optional; unique regardless of case.",
    };

    public static readonly TextField TimeZone = new("timeZone", 64) { Description = "An IANA time zone, e.g. Europe/Paris." };

    public static readonly TextField TermsVersion = new("termsVersion", 20) { Required = true, Description = "The version of the terms accepted." };

    public static readonly TextField PrivacyVersion = new("privacyVersion", 20) { Required = true, Description = "The version of the privacy policy accepted." };

    public static readonly TextField DisplayName = new("displayName", 100);

    public static readonly TextField Bio = new("bio", 500);

    /// <summary>A BCP 47 language tag of the usual short form: "en", "pt-BR".</summary>
    public static readonly TextField Language = new("language", 10)
    {
        Pattern = "^[a-z]{2,3}(-[A-Z]{2})?$", PatternMessage = "Use a language tag such as en or pt-BR.",
    };

    public static readonly ChoiceField Theme = new("theme", ["light", "dark", "system"]);
}
