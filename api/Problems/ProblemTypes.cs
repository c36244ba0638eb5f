namespace Journal.Api.Problems;

/// <summary>
/// The stable <c>type</c> of every problem+json answer (RFC 9457). Clients switch on these, so a
/// value never changes once published.
/// </summary>
public static class ProblemTypes
{
    public const string BadRequest = "bad-request";
    public const string ValidationFailed = "validation-failed";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string Conflict = "conflict";
    public const string PreconditionFailed = "precondition-failed";
    public const string PreconditionRequired = "precondition-required";
    public const string Gone = "gone";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string ConsentRequired = "consent-required";
    public const string PeerMatchingOff = "peer-matching-off";
    public const string PrivateMode = "private-mode";
    public const string PremiumRequired = "premium-required";
    public const string LoginThrottled = "login-throttled";
    public const string WrongSecretPhrase = "wrong-secret-phrase";
    public const string SecretPhraseThrottled = "secret-phrase-throttled";
    public const string SecretTagLocked = "secret-tag-locked";
    public const string Sanctioned = "sanctioned";
    public const string NewAccountLimit = "new-account-limit";
    public const string ReportLimit = "report-limit";
    public const string PayloadTooLarge = "payload-too-large";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string QuotaExceeded = "quota-exceeded";
    public const string TooManyRequests = "too-many-requests";
    public const string InternalError = "internal-error";
    public const string Unavailable = "unavailable";

    /// <summary>The type for a status code when the endpoint did not choose a more specific one.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        412 => PreconditionFailed,
        413 => PayloadTooLarge,
        410 => Gone,
        415 => UnsupportedMediaType,
        428 => PreconditionRequired,
        429 => TooManyRequests,
        503 => Unavailable,
        _ => status >= 500 ? InternalError : BadRequest,
    };
}
