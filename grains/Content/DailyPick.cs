using System.Security.Cryptography;
using System.Text;

namespace Journal.Grains.Content;

/// <summary>
/// Which of <c>count</c> items a user gets on a day: the same all day (and after a restart, on any
/// node), usually another one the next day, and spread evenly over users. A hash, not a random draw.
/// </summary>
public static class DailyPick
{
    public static int Index(Guid userId, DateOnly day, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{userId:N}/{day:yyyy-MM-dd}"), hash);
        return (int)(BitConverter.ToUInt32(hash) % (uint)count);
    }
}
