using System.Text.RegularExpressions;

namespace Journal.Api.Accounts;

/// <summary>
/// Shapes of account fields (PRODUCT.md §1). Patterns end with \z, not $: in .NET, $ also matches
/// before a final line break, which would let "name\n" through.
/// </summary>
public static partial class AccountRules
{
    public static bool IsValidUsername(string username) => UsernamePattern().IsMatch(username);

    /// <summary>One @ with something on each side and a dot in the domain; real checking is a confirmation mail.</summary>
    public static bool IsValidEmail(string email) => EmailPattern().IsMatch(email);

    /// <summary>A BCP 47 language tag of the usual short form: "en", "pt-BR".</summary>
    public static bool IsValidLanguage(string language) => LanguagePattern().IsMatch(language);

    [GeneratedRegex(@"^[A-Za-z0-9_]{3,30}\z")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+\z")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[a-z]{2,3}(-[A-Z]{2})?\z")]
    private static partial Regex LanguagePattern();
}
