using System.Diagnostics;
using System.Security.Cryptography;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Journal;
using Journal.Grains.Activity;
using Journal.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Journal.Bench;

/// <summary>
/// Search latency for one user with many entries (issue 7): the real silo (AddJournalSilo) on a
/// fresh database, one account, <c>entries</c> journal entries of generated text (about 150 words
/// each, words drawn with Zipf's law from a 300-word vocabulary, so common words are in nearly
/// every entry), then each query searched <c>searches</c> times in a row through the journal grain:
/// token hashing, PostgreSQL's match and score, ranking, facets and the decryption of one page of
/// 20 hits for snippets. The HTTP layer is not included (see bench/ApiLoad for its cost).
/// </summary>
internal static class SearchLatency
{
    private static readonly string[] s_vocabulary =
    [
        "work", "day", "time", "feel", "today", "good", "tired", "home", "friend", "sleep", "morning", "walk", "family", "talk", "think", "night",
        "happy", "week", "coffee", "meeting", "call", "mother", "worry", "calm", "dinner", "evening", "rain", "weekend", "book", "music", "run",
        "office", "email", "project", "deadline", "garden", "sister", "brother", "father", "partner", "cat", "dog", "park", "river", "tea",
        "breakfast", "lunch", "train", "bus", "car", "city", "street", "shop", "market", "kitchen", "bread", "cook", "clean", "laundry", "bed",
        "window", "sun", "cloud", "wind", "snow", "cold", "warm", "headache", "doctor", "appointment", "medicine", "therapy", "session", "breathe",
        "anxious", "nervous", "relaxed", "grateful", "lonely", "angry", "sad", "excited", "proud", "afraid", "hopeful", "stressed", "overwhelmed",
        "quiet", "noisy", "busy", "slow", "fast", "late", "early", "long", "short", "small", "big", "new", "old", "young", "hard", "easy",
        "laugh", "cry", "smile", "hug", "message", "phone", "screen", "news", "film", "series", "game", "play", "write", "read", "learn",
        "study", "exam", "class", "teacher", "student", "colleague", "boss", "team", "plan", "goal", "habit", "routine", "exercise", "gym",
        "yoga", "swim", "bike", "hike", "mountain", "beach", "sea", "lake", "forest", "tree", "flower", "bird", "sky", "star", "moon",
        "holiday", "trip", "travel", "airport", "hotel", "visit", "guest", "party", "birthday", "gift", "money", "rent", "bill", "budget",
        "save", "spend", "buy", "sell", "price", "job", "interview", "career", "promotion", "change", "move", "house", "room", "neighbour",
        "noise", "light", "dark", "energy", "focus", "distract", "procrastinate", "finish", "start", "try", "fail", "succeed", "mistake", "lesson",
        "memory", "dream", "nightmare", "wake", "nap", "rest", "break", "pause", "moment", "minute", "hour", "month", "year", "season",
        "spring", "summer", "autumn", "winter", "anniversary", "wedding", "funeral", "hospital", "nurse", "child", "baby", "school",
        "homework", "parent", "grandmother", "grandfather", "cousin", "uncle", "aunt", "stranger", "crowd", "alone",
        "together", "patience", "kindness", "anger", "fear", "joy", "peace", "hope", "trust", "doubt", "shame", "guilt", "pride", "relief",
        "comfort", "support", "advice", "listen", "share", "help", "ask", "answer", "question", "decision", "choice", "chance", "risk",
        "courage", "strength", "weakness", "body", "mind", "heart", "breath", "stomach", "back", "shoulder", "head", "eyes", "hands", "feet",
        "tears", "voice", "silence", "song", "dance", "paint", "draw", "photo", "camera", "letter", "journal", "page", "pen", "story",
        "poem", "idea", "thought", "feeling", "mood", "weather", "storm", "thunder", "fog", "frost", "heat", "shade", "path", "bridge",
    ];

    private static readonly string[] s_moods = ["happy", "neutral", "sad", "anxious"];

    public static async Task RunAsync(int entries, int searches)
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? "Host=localhost;Port=5432;Username=journal;Password=journal;Database=journal;SSL Mode=Disable";
        var database = "jbench_search_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await using (var admin = new NpgsqlConnection(server)) await admin.ExecuteAsync($"CREATE DATABASE \"{database}\"");
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
            builder.Configuration["Encryption:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            builder.Configuration["Orleans:SiloPort"] = BenchSilo.FreePort().ToString();
            builder.Configuration["Orleans:GatewayPort"] = BenchSilo.FreePort().ToString();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddJournalSilo();
            using var host = builder.Build();
            await host.StartAsync();
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var journal = await FillJournalAsync(grains, entries);

            Console.WriteLine($"{searches} searches per query, one at a time, {entries} entries (PostgreSQL {database}):");
            Console.WriteLine($"{"query",-34} {"hits",6} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8}");
            foreach (var (label, query) in new[]
                     {
                         ("rare word (1 % of entries)", Query("lighthouse")),
                         ("mid word", Query("garden")),
                         ("common word (most entries)", Query("work")),
                         ("two words", Query("coffee morning")),
                         ("common word + mood filter", Query("work") with { Mood = MoodLabel.Sad }),
                         ("common word, page 3 (cursor)", Query("work")),
                     })
            {
                var current = query;
                if (label.Contains("page 3"))
                    for (var page = 0; page < 2; page++) current = current with { Cursor = (await journal.SearchAsync(current)).NextCursor };
                var result = await journal.SearchAsync(current);
                for (var i = 0; i < 20; i++) await journal.SearchAsync(current); // warm: jitted, statement prepared
                var times = new double[searches];
                for (var i = 0; i < searches; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await journal.SearchAsync(current);
                    times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
                Array.Sort(times);
                Console.WriteLine($"{label,-34} {result.Total,6} {Percentile(times, 0.50),8:F2} {Percentile(times, 0.90),8:F2} {Percentile(times, 0.99),8:F2} {times[^1],8:F2}");
            }
            await host.StopAsync();
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    private static SearchQuery Query(string text) => new(text, null, null, null, null, null, 20);

    private static async Task<IJournalGrain> FillJournalAsync(IGrainFactory grains, int entries)
    {
        var userId = Guid.NewGuid();
        // The password hash is never checked here: no one logs in.
        var registration = await grains.GetGrain<IUserGrain>(userId).RegisterAsync(new Registration(
            "bench_search", null, "unused", "Europe/Paris", "v1", "v1", true, [Roles.User], null));
        if (registration.Status != RegistrationStatus.Created) throw new InvalidOperationException($"Registration: {registration.Status}");
        var journal = grains.GetGrain<IJournalGrain>(userId);
        // No request here: the user's clock is asked for once, for every entry.
        var clock = await grains.RequireClockAsync(userId);
        var random = new Random(7);
        var zipf = Zipf(s_vocabulary.Length);
        var started = Stopwatch.GetTimestamp();
        var today = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        for (var i = 0; i < entries; i++)
        {
            var words = Enumerable.Range(0, 120 + random.Next(60)).Select(_ => s_vocabulary[Draw(zipf, random)]).ToList();
            if (i % 100 == 0) words.Insert(random.Next(words.Count), "lighthouse");
            var title = string.Join(' ', Enumerable.Range(0, 3).Select(_ => s_vocabulary[Draw(zipf, random)]));
            await journal.CreateAsync(new NewEntry(title, string.Join(' ', words) + ".", Enum.Parse<MoodLabel>(s_moods[i % s_moods.Length], true),
                null, [s_vocabulary[random.Next(40)]], today.AddDays(-(i % 700)), null, null, false, null), clock, null);
        }
        Console.WriteLine($"Wrote {entries} entries in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s.");
        return journal;
    }

    // Cumulative probabilities of Zipf's law over `count` ranks (word k is drawn with weight 1/k).
    private static double[] Zipf(int count)
    {
        var weights = Enumerable.Range(1, count).Select(rank => 1.0 / rank).ToArray();
        var total = weights.Sum();
        var cumulative = new double[count];
        var sum = 0.0;
        for (var i = 0; i < count; i++) cumulative[i] = sum += weights[i] / total;
        return cumulative;
    }

    private static int Draw(double[] cumulative, Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
