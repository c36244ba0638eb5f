using System.Text.RegularExpressions;

namespace Journal.Api.Accounts;

/// <summary>Shapes of account fields (PRODUCT.md §1).</summary>
public static partial class AccountRules
{
    public static bool IsValidUsername(string username) => UsernamePattern().IsMatch(username);

    /// <summary>One @ with something on each side and a dot in the domain; real checking is a confirmation mail.</summary>
    public static bool IsValidEmail(string email) => EmailPattern().IsMatch(email);

    /// <summary>A BCP 47 language tag of the usual short form: "en", "pt-BR".</summary>
    public static bool IsValidLanguage(string language) => LanguagePattern().IsMatch(language);

    [GeneratedRegex("^[A-Za-z0-9_]{3,30}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[a-z]{2,3}(-[A-Z]{2})?$")]
    private static partial Regex LanguagePattern();
}
