using Microsoft.AspNetCore.Identity;

namespace Journal.Grains.Accounts;

/// <summary>
/// Password hashes with ASP.NET Core's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, salted,
/// versioned so the work factor can grow).
/// </summary>
public static class Passwords
{
    private static readonly PasswordHasher<object> s_hasher = new();
    private static readonly object s_anyone = new();

    // Verified when the login names nobody, so an unknown user costs as long as a wrong password.
    private static readonly Lazy<string> s_decoy = new(() => s_hasher.HashPassword(s_anyone, Guid.NewGuid().ToString()));

    public static string Hash(string password) => s_hasher.HashPassword(s_anyone, password);

    public static PasswordCheck Verify(string hash, string password) => s_hasher.VerifyHashedPassword(s_anyone, hash, password) switch
    {
        PasswordVerificationResult.Success => PasswordCheck.Valid,
        PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.ValidButOutdated,
        _ => PasswordCheck.Invalid,
    };

    /// <summary>Spends the time of one verification without a user (timing must not reveal who exists).</summary>
    public static void VerifyDecoy(string password) => s_hasher.VerifyHashedPassword(s_anyone, s_decoy.Value, password);
}

public enum PasswordCheck { Invalid, Valid, ValidButOutdated }
