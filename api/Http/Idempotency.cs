using System.Security.Cryptography;
using System.Text.Json;
using Journal.Api.Validation;
using Journal.GrainInterfaces;

namespace Journal.Api.Http;

/// <summary>
/// The <c>Idempotency-Key</c> header of a create: a retried request with the same key gets the first
/// result instead of a second item. The key is bound to a hash of the request body, so reusing it for
/// a different request is refused (422) rather than silently answered with the wrong item.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 100;

    public static IdempotencyKey? FromRequest<TBody>(HttpContext context, TBody body, Validator validator)
    {
        var key = context.Request.Headers[Header].ToString();
        if (key.Length == 0) return null;
        if (key.Length > MaxKeyLength || key.Any(c => c < 0x21 || c > 0x7E))
        {
            validator.Add(Header, $"{Header} must be 1 to {MaxKeyLength} visible ASCII characters (a UUID is a good choice).");
            return null;
        }
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web));
        return new IdempotencyKey(key, Convert.ToHexString(hash));
    }
}
