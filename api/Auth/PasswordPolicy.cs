using System.Collections.Frozen;

namespace Journal.Api.Auth;

/// <summary>
/// Passwords are at least 10 characters (PRODUCT.md §1), at most 128 (hashing cost is bounded), not
/// the username, and not in the common-password list the project ships (Auth/common-passwords.txt).
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    private static readonly FrozenSet<string> s_common = LoadCommonPasswords();

    /// <summary>Why the password is refused, or null when it is acceptable.</summary>
    public static string? Check(string password, string? username)
    {
        if (password.Length < MinLength) return $"The password must be at least {MinLength} characters.";
        if (password.Length > MaxLength) return $"The password must be at most {MaxLength} characters.";
        if (password.Any(char.IsControl)) return "The password must not contain control characters.";
        if (s_common.Contains(password)) return "This password is too common; choose one that is harder to guess.";
        if (username is not null && password.Contains(username, StringComparison.OrdinalIgnoreCase)) return "The password must not contain the username.";
        return null;
    }

    private static FrozenSet<string> LoadCommonPasswords()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded in the API assembly.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') lines.Add(line.Trim());
        return lines.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
