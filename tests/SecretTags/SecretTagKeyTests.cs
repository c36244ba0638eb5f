using System.Security.Cryptography;
using Journal.Grains.Journal.Secret;
using Journal.Grains.Privacy;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.SecretTags;

/// <summary>The phrase-wrapped tag key and the unlock tokens that carry it (pure: no silo, no database).</summary>
public sealed class SecretTagKeyTests
{
    // Cheap parameters: the rules do not depend on the cost (the cost is measured in docs/SECRET_TAGS.md).
    private static readonly PhraseKdf Cheap = new(1024, 1);
    private static readonly Guid User = Guid.NewGuid();
    private static readonly Guid Tag = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task At_most_one_derivation_per_two_cores_runs_at_once_and_the_others_wait_their_turn()
    {
        var running = 0;
        using var release = new ManualResetEventSlim();
        var derivations = Enumerable.Range(0, 3 * PhraseDerivations.MaxConcurrent).Select(i => PhraseDerivations.RunAsync(() =>
        {
            Interlocked.Increment(ref running);
            release.Wait(); // as long as a derivation holds its thread
            Interlocked.Decrement(ref running);
            return i;
        })).ToList();

        await Eventually.True(() => Volatile.Read(ref running) == PhraseDerivations.MaxConcurrent, "every slot taken");
        // The thread pool runs one work item per core at once, and adds a thread about every half second
        // while they block: without the limit, more derivations would start meanwhile.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(PhraseDerivations.MaxConcurrent, Volatile.Read(ref running));
        release.Set();
        Assert.Equal(Enumerable.Range(0, 3 * PhraseDerivations.MaxConcurrent), await Task.WhenAll(derivations));
    }

    [Fact]
    public void The_right_phrase_opens_the_key_and_a_wrong_one_does_not()
    {
        var (key, stored) = SecretTagKey.Create("purple elephants at dawn", Cheap, User, Tag);

        Assert.Equal(key, stored.Open("purple elephants at dawn", User, Tag));
        Assert.Null(stored.Open("purple elephants at dusk", User, Tag));
        Assert.Null(stored.Open("", User, Tag));
        // Bound to its user and tag: the same row under another id does not open.
        Assert.Null(stored.Open("purple elephants at dawn", Guid.NewGuid(), Tag));
        Assert.Null(stored.Open("purple elephants at dawn", User, Guid.NewGuid()));
    }

    [Fact]
    public void The_stored_form_holds_neither_the_key_nor_the_phrase_and_is_salted_per_tag()
    {
        var (key, stored) = SecretTagKey.Create("purple elephants at dawn", Cheap, User, Tag);
        var (_, again) = SecretTagKey.Create("purple elephants at dawn", Cheap, User, Tag);

        Assert.Equal(PhraseKdf.SaltBytes, stored.Salt.Length);
        Assert.NotEqual(stored.Salt, again.Salt);
        Assert.NotEqual(stored.Wrapped, again.Wrapped);
        Assert.DoesNotContain(Convert.ToHexString(key), Convert.ToHexString(stored.Wrapped));
        Assert.DoesNotContain(Convert.ToHexString("purple elephants at dawn"u8), Convert.ToHexString([.. stored.Salt, .. stored.Wrapped]));
    }

    [Fact]
    public void The_phrase_is_compared_exactly()
    {
        var (key, stored) = SecretTagKey.Create("caf\u00e9 au lait", Cheap, User, Tag);

        Assert.Equal(key, stored.Open("caf\u00e9 au lait", User, Tag));
        Assert.Null(stored.Open("Caf\u00e9 au lait", User, Tag));
        Assert.Null(stored.Open("caf\u00e9 au lait ", User, Tag));
    }

    [Fact]
    public void The_cost_is_part_of_the_stored_key()
    {
        var (key, stored) = SecretTagKey.Create("purple elephants at dawn", Cheap, User, Tag);

        Assert.Null((stored with { Kdf = new PhraseKdf(2048, 1) }).Open("purple elephants at dawn", User, Tag));
        Assert.Equal(key, (stored with { Kdf = new PhraseKdf(1024, 1) }).Open("purple elephants at dawn", User, Tag));
    }

    [Fact]
    public void An_unlock_token_opens_for_its_user_until_it_expires()
    {
        var userKey = new UserDataKey(User, RandomNumberGenerator.GetBytes(32));
        var tagKey = RandomNumberGenerator.GetBytes(32);
        var token = new UnlockTokens(userKey, User).Issue(Tag, tagKey, Now.AddMinutes(15));

        var opened = new UnlockTokens(userKey, User).Open(token, Now.AddMinutes(14));
        Assert.Equal(Tag, opened?.TagId);
        Assert.Equal(tagKey, opened?.Key);
        Assert.Null(new UnlockTokens(userKey, User).Open(token, Now.AddMinutes(15)));
        Assert.DoesNotContain(Convert.ToBase64String(tagKey), token);
    }

    [Fact]
    public void A_token_is_useless_to_another_user_and_cannot_be_altered()
    {
        var userKey = new UserDataKey(User, RandomNumberGenerator.GetBytes(32));
        var token = new UnlockTokens(userKey, User).Issue(Tag, RandomNumberGenerator.GetBytes(32), Now.AddMinutes(15));
        var other = Guid.NewGuid();

        Assert.Null(new UnlockTokens(new UserDataKey(other, RandomNumberGenerator.GetBytes(32)), other).Open(token, Now));
        // The same data key under another user id still refuses: the user is in the associated data.
        Assert.Null(new UnlockTokens(userKey, other).Open(token, Now));
        // A later expiry (or another tag id) written into the token breaks its seal.
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(token);
        bytes[20] ^= 0x01;
        Assert.Null(new UnlockTokens(userKey, User).Open(System.Buffers.Text.Base64Url.EncodeToString(bytes), Now));
        Assert.Null(new UnlockTokens(userKey, User).Open("not a token!", Now));
        Assert.Null(new UnlockTokens(userKey, User).Open("", Now));
    }
}
