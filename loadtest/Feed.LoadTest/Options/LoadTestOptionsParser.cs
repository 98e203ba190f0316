using System.Globalization;

namespace Feed.LoadTest.Options;

/// <summary>
/// Parses the command line (<c>--name value</c> or <c>--name=value</c>). A bad value throws a
/// <see cref="FormatException"/> naming the option and what it accepts.
/// </summary>
internal static class LoadTestOptionsParser
{
    public const string Help = """
        Feed.LoadTest: opens many hub connections, publishes posts at a rate and measures delivery.

        Usage: Feed.LoadTest [options]

          --url URL                Server base URL; repeat to spread connections round-robin
                                   over several instances (default http://localhost:5000).
          --connections N          Follower connections, one user each (default 1000).
          --ramp N                 Connections opened per second (default 1000).
          --publishers N           Publisher users, one connection each; every follower follows
                                   all of them. 0 opens idle connections only (default 1).
          --rate N                 Posts per second over all publishers (default 1).
          --burst N                Publish N posts at once instead of at --rate (default 0: off).
          --warmup N               Before measuring, publish N unmeasured posts at once, wait for
                                   them and 2 s more, so a run measures warm code (default 0: off).
          --duration SECONDS       How long to publish, or to hold idle connections (default 30).
          --drain SECONDS          Wait this long for late deliveries after the last post (default 10).
          --protocol NAME          json or messagepack (default json).
          --client NAME            The SignalR client of every connection, followers and publishers:
                                   raw (default), the tester's own lean WebSocket client, or
                                   official, Microsoft.AspNetCore.SignalR.Client.
          --setup-concurrency N    Concurrent token and follow calls while setting up (default 64).
          --max-pending-connects N Connects in flight at once (default 1000).
          --user-prefix PREFIX     Prefix of the user ids created (default: random per run).
          --admin-key KEY          The server's Feed:Auth:AdminKey, for /api/admin/stats (needed
                                   outside Development).
          --out FILE               Write the full result as JSON.
          --quiet                  No progress line each second.
          -h, --help               Show this text.

        The server must allow dev tokens (Development, or Feed:Auth:DevTokens=true), a publish rate
        above --rate (Feed:Limits:PublishBurst / PublishPerSecond), and for memory figures
        /api/admin/stats (Development, or Feed:Admin:Stats=true with --admin-key).
        One process holds at most ~19,500 sockets (20,000 descriptors): run several testers beyond that.
        Exit code: 0 all delivered, 2 connects failed or deliveries missing/duplicated, 1 bad usage or crash.
        """;

    public static LoadTestOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadTestOptions();
        var urls = new List<Uri>();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            string Value() => inlineValue ?? (i + 1 < args.Count
                ? args[++i]
                : throw new FormatException($"{name} needs a value."));
            options = name switch
            {
                "-h" or "--help" => options with { ShowHelp = true },
                "--quiet" => options with { Quiet = true },
                "--url" => Add(urls, options, ParseUrl(name, Value())),
                "--connections" => options with { Connections = ParseInt(name, Value(), minimum: 0) },
                "--ramp" => options with { Ramp = ParsePositive(name, Value()) },
                "--publishers" => options with { Publishers = ParseInt(name, Value(), minimum: 0) },
                "--rate" => options with { Rate = ParsePositive(name, Value()) },
                "--burst" => options with { Burst = ParseInt(name, Value(), minimum: 0) },
                "--warmup" => options with { Warmup = ParseInt(name, Value(), minimum: 0) },
                "--duration" => options with { Duration = ParseSeconds(name, Value()) },
                "--drain" => options with { Drain = ParseSeconds(name, Value()) },
                "--protocol" => options with { Protocol = ParseProtocol(name, Value()) },
                "--client" => options with { Client = ParseClient(name, Value()) },
                "--setup-concurrency" => options with { SetupConcurrency = ParseInt(name, Value(), minimum: 1) },
                "--max-pending-connects" => options with { MaxPendingConnects = ParseInt(name, Value(), minimum: 1) },
                "--user-prefix" => options with { UserPrefix = ParseUserPrefix(name, Value()) },
                "--admin-key" => options with { AdminKey = Value() },
                "--out" => options with { OutFile = Value() },
                _ => throw new FormatException($"Unknown option '{args[i]}'."),
            };
        }
        return urls.Count == 0 ? options : options with { Urls = urls };
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (arg[..equals], arg[(equals + 1)..])
            : (arg, null);
    }

    private static LoadTestOptions Add(List<Uri> urls, LoadTestOptions options, Uri url)
    {
        urls.Add(url);
        return options;
    }

    private static Uri ParseUrl(string name, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new FormatException($"{name}: '{value}' is not an absolute http(s) URL.");

    private static int ParseInt(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum
            ? number
            : throw new FormatException($"{name}: '{value}' is not a whole number of at least {minimum}.");

    private static double ParsePositive(string name, string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
        && number > 0 && double.IsFinite(number)
            ? number
            : throw new FormatException($"{name}: '{value}' is not a positive number.");

    private static TimeSpan ParseSeconds(string name, string value)
    {
        var number = value.EndsWith('s') ? value[..^1] : value;
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
               && seconds >= 0 && seconds <= TimeSpan.FromDays(1).TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"{name}: '{value}' is not a number of seconds between 0 and 86400.");
    }

    private static string ParseProtocol(string name, string value) =>
        value is "json" or "messagepack"
            ? value
            : throw new FormatException($"{name}: '{value}' is not a hub protocol; use json or messagepack.");

    private static string ParseClient(string name, string value) =>
        value is "official" or "raw"
            ? value
            : throw new FormatException($"{name}: '{value}' is not a client; use official or raw.");

    private static string ParseUserPrefix(string name, string value) =>
        value.Length is >= 1 and <= 40 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? value
            : throw new FormatException($"{name}: '{value}' must be 1 to 40 characters of [A-Za-z0-9_-].");
}
