// Open-model load for bench/ApiLoad: requests are sent at a fixed rate, whether or not earlier ones
// were answered, and each latency is counted from the moment its request was due, not from when it
// was sent. A closed-model tool (wrk) waits for an answer before the next request on a connection, so
// a stall delays the requests behind it and they never measure it (coordinated omission).
//
//   dotnet run -c Release --project bench/OpenLoad -- URL RATE SECONDS [BODY]
//
// GET without BODY, POST with it (application/json). Bearer tokens come from JOURNAL_TOKENS (comma-
// separated, used in turn) or JOURNAL_TOKEN. The first 2 s run at the same rate but are not counted
// (connections opened, code jitted). 64 connections at most, like wrk in bench/ApiLoad: a request
// with none free waits for one, and that wait is part of its latency. Prints the achieved rate,
// errors, its own CPU per request and the latency percentiles in milliseconds on one line each.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using HdrHistogram;

if (args.Length < 3 || !int.TryParse(args[1], out var rate) || !int.TryParse(args[2], out var seconds) || rate < 1 || seconds < 1)
{
    Console.Error.WriteLine("usage: OpenLoad URL RATE SECONDS [BODY]");
    return 2;
}
var url = new Uri(args[0]);
var body = args.Length > 3 ? args[3] : null;
var tokens = (Environment.GetEnvironmentVariable("JOURNAL_TOKENS") ?? Environment.GetEnvironmentVariable("JOURNAL_TOKEN") ?? "")
    .Split(',', StringSplitOptions.RemoveEmptyEntries);

using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 64 })
{
    Timeout = TimeSpan.FromSeconds(30),
};
// Latencies in microseconds, up to 60 s, 3 significant digits.
var histogram = new LongConcurrentHistogram(1, 60_000_000, 3);
var errors = 0;
var warmUp = TimeSpan.FromSeconds(2);
var total = rate * (seconds + (int)warmUp.TotalSeconds);
var pending = new List<Task>(total);
var clock = Stopwatch.StartNew();

for (var i = 0; i < total; i++)
{
    // The i-th request is due at i / rate; the loop sleeps only when it is ahead of the schedule.
    var due = TimeSpan.FromSeconds((double)i / rate);
    var wait = due - clock.Elapsed;
    if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
    pending.Add(SendAsync(i, due));
}
await Task.WhenAll(pending);
var elapsed = clock.Elapsed;

// The generator shares the machine: what it spent per request says how much of the machine it took.
var generatorCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds / total;
Console.WriteLine($"sent {total} in {elapsed.TotalSeconds:0.0} s ({total / elapsed.TotalSeconds:0} req/s asked {rate}, {warmUp.TotalSeconds:0} s of it warm-up), errors {errors}, generator CPU {generatorCpu:0} µs/req");
Console.WriteLine(string.Join("  ", new[] { 50.0, 90.0, 99.0, 99.9, 100.0 }.Select(p =>
    $"p{p:0.#} {histogram.GetValueAtPercentile(p) / 1000.0:0.00} ms")));
return errors == 0 ? 0 : 1;

async Task SendAsync(int i, TimeSpan due)
{
    using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, url);
    if (tokens.Length > 0) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i % tokens.Length]);
    if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
    try
    {
        using var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
    }
    catch (HttpRequestException)
    {
        Interlocked.Increment(ref errors);
    }
    catch (TaskCanceledException)
    {
        Interlocked.Increment(ref errors);
    }
    if (due >= warmUp) histogram.RecordValue(Math.Max(1, (long)(clock.Elapsed - due).TotalMicroseconds));
}
