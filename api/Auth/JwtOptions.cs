namespace Journal.Api.Auth;

/// <summary>Access-token settings (configuration section <c>Jwt</c>).</summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    /// <summary>The HMAC-SHA256 signing key: at least 32 random bytes, base64. scripts/run.sh generates one locally.</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "orleans-journal";

    public string Audience { get; set; } = "orleans-journal-app";

    /// <summary>Access tokens live 15 minutes (the figure); clients refresh them.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public byte[] KeyBytes()
    {
        try
        {
            var key = Convert.FromBase64String(SigningKey);
            if (key.Length >= 32) return key;
        }
        catch (FormatException)
        {
        }
        throw new InvalidOperationException(
            "Jwt:SigningKey must be at least 32 random bytes in base64 (set Jwt__SigningKey, e.g. to the output of `openssl rand -base64 48`); scripts/run.sh generates one for local use.");
    }
}
