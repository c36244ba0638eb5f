// Open-model load for bench/ApiLoad: requests are sent at a fixed rate, whether or not earlier ones
// were answered, and each latency is counted from the moment its request was due, not from when it
// was sent. A closed-model tool (wrk) waits for an answer before the next request on a connection, so
// a stall delays the requests behind it and they never measure it (coordinated omission).
//
//   dotnet run -c Release --project bench/OpenLoad -- URL RATE SECONDS [BODY]
//
// GET without BODY, POST with it (application/json). Bearer tokens come from JOURNAL_TOKENS (comma-
// separated, used in turn) or JOURNAL_TOKEN. The first 2 s run at the same rate but are not counted
// (connections opened, code jitted). 64 keep-alive connections on 2 threads, like wrk in
// bench/ApiLoad; request i is due at i / RATE and goes on connection i mod 64 (as in wrk2), so a slow
// answer delays the next requests of its connection, and that delay is part of their latency. Prints
// the achieved rate, errors, its own CPU per request, the p99 of each second, and last, on one line,
// the latency percentiles in milliseconds.
using System.Diagnostics;
using System.Net;
using System.Text;
using HdrHistogram;
using Journal.Bench.OpenLoad;

if (args.Length < 3 || !Uri.TryCreate(args[0], UriKind.Absolute, out var url) || url.Scheme != "http"
    || !int.TryParse(args[1], out var rate) || !int.TryParse(args[2], out var seconds) || rate < 1 || seconds < 1)
{
    Console.Error.WriteLine("usage: OpenLoad http://HOST:PORT/PATH RATE SECONDS [BODY]");
    return 2;
}
var body = args.Length > 3 ? args[3] : null;
var tokens = (Environment.GetEnvironmentVariable("JOURNAL_TOKENS") ?? Environment.GetEnvironmentVariable("JOURNAL_TOKEN") ?? "")
    .Split(',', StringSplitOptions.RemoveEmptyEntries);
byte[][] requests = tokens.Length == 0 ? [Request(url, null, body)] : [.. tokens.Select(token => Request(url, token, body))];
var server = new IPEndPoint((await Dns.GetHostAddressesAsync(url.Host))[0], url.Port);

const int connections = 64, threads = 2, warmUpSeconds = 2;
var schedule = new Schedule(Stopwatch.GetTimestamp(), rate, (long)rate * (seconds + warmUpSeconds), (long)rate * warmUpSeconds, connections);
// Requests still unanswered 30 s after the last one was due count as errors.
var deadline = schedule.Due(schedule.Total) + 30 * Stopwatch.Frequency;
var loads = Enumerable.Range(0, threads)
    .Select(thread => new LoadThread(schedule, Enumerable.Range(0, connections).Where(c => c % threads == thread), server, requests))
    .ToArray();
var running = loads.Select(load => new Thread(() => load.Run(deadline)) { IsBackground = true }).ToArray();
foreach (var thread in running) thread.Start();
foreach (var thread in running) thread.Join();
var elapsed = Stopwatch.GetElapsedTime(schedule.Start);

var latencies = new LongHistogram(60_000_000, 3);
foreach (var load in loads) latencies.Add(load.Latencies);
var errors = loads.Sum(load => load.Errors);
// The generator shares the machine: what it spent per request says how much of the machine it took.
var generatorCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds / schedule.Total;
Console.WriteLine($"sent {schedule.Total} in {elapsed.TotalSeconds:0.0} s ({schedule.Total / elapsed.TotalSeconds:0} req/s asked {rate}, {warmUpSeconds} s of it warm-up), errors {errors}, generator CPU {generatorCpu:0} µs/req");
Console.WriteLine("p99 by second: " + string.Join(" ", Enumerable.Range(0, schedule.CountedSeconds).Select(second =>
{
    var inSecond = new LongHistogram(60_000_000, 2);
    foreach (var load in loads) inSecond.Add(load.BySecond[second]);
    return inSecond.TotalCount == 0 ? "-" : $"{inSecond.GetValueAtPercentile(99) / 1000.0:0.0}";
})) + " ms");
Console.WriteLine(latencies.TotalCount == 0
    ? "no latency: no counted request was answered"
    : string.Join("  ", new[] { 50.0, 90.0, 99.0, 99.9, 100.0 }.Select(p => $"p{p:0.#} {latencies.GetValueAtPercentile(p) / 1000.0:0.00} ms")));
return errors == 0 ? 0 : 1;

static byte[] Request(Uri url, string? token, string? body)
{
    var head = new StringBuilder()
        .Append(body is null ? "GET " : "POST ").Append(url.PathAndQuery).Append(" HTTP/1.1\r\n")
        .Append("Host: ").Append(url.Authority).Append("\r\n");
    if (token is not null) head.Append("Authorization: Bearer ").Append(token).Append("\r\n");
    if (body is not null) head.Append("Content-Type: application/json\r\nContent-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n");
    return [.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. Encoding.UTF8.GetBytes(body ?? "")];
}
