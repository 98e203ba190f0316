using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Feed.LoadTest.Options;

/// <summary>
/// The command line, on System.CommandLine: the option definitions below are the only description
/// of it (<c>--help</c> is generated from them). A bad command line throws a
/// <see cref="FormatException"/> whose message names the option (<c>--rate: 'x' is not ...</c>).
/// </summary>
internal static class LoadTestOptionsParser
{
    private const string Notes = """
        Feed.LoadTest: opens many hub connections, publishes posts at a rate and measures delivery.

        Classic workload (default): every follower follows every publisher, over its own connection.
        Graph workload (--authors M): M authors; each follower follows --follows K distinct authors
        drawn by a Zipf law (--skew), set up over HTTP before connecting; authors post over HTTP
        (POST /api/posts), chosen by --author-pick; figures are split by the author's follower count.

        The server must allow dev tokens (Development, or Feed:Auth:DevTokens=true), a publish rate
        above --rate per author (Feed:Limits:PublishBurst / PublishPerSecond), and for memory figures
        /api/admin/stats (Development, or Feed:Admin:Stats=true with --admin-key).
        One process holds at most ~19,500 sockets (20,000 descriptors): run several testers beyond that.
        Exit code: 0 all delivered, 2 connects failed or deliveries missing/duplicated, 1 bad usage or crash.
        """;

    private static readonly Option<Uri[]> Url = new("--url")
    {
        Description = $"Server base URL; repeat to spread connections round-robin over several instances (default {LoadTestOptions.DefaultUrl}).",
        HelpName = "URL",
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result => result.Tokens.Select(t => ParseUrl(result, t.Value)).ToArray(),
    };

    private static readonly Option<int> Connections = Whole("--connections", "Follower connections, one user each.", 1000, minimum: 0);
    private static readonly Option<double> Ramp = Positive("--ramp", "Connections opened per second.", 1000);
    private static readonly Option<int> Publishers = Whole("--publishers",
        "Classic workload: publisher users, one connection each; every follower follows all of them. 0 opens idle connections only.", 1, minimum: 0);
    private static readonly Option<double> Rate = Positive("--rate", "Posts per second over all publishers (or authors).", 1);
    private static readonly Option<int> Burst = Whole("--burst", "Publish N posts at once instead of at --rate (0: off).", 0, minimum: 0);
    private static readonly Option<int> Warmup = Whole("--warmup",
        "Before measuring, publish N unmeasured posts at once, wait for them, 2 s more and until the server's JIT goes quiet (--jit-wait), so a run measures warm code (0: off).", 0, minimum: 0);
    private static readonly Option<TimeSpan> JitWait = Seconds("--jit-wait",
        "After the warm-up, wait up to this long until the server's tiered JIT compiles fewer than 5 methods a second (read from /api/admin/stats; 0: no wait).", 60);
    private static readonly Option<TimeSpan> Duration = Seconds("--duration", "How long to publish, or to hold idle connections.", 30);
    private static readonly Option<TimeSpan> Drain = Seconds("--drain", "Wait this long for late deliveries after the last post.", 10);
    private static readonly Option<string> Protocol = OneOf("--protocol", "NAME", "Hub protocol.", "json", "json", "messagepack");
    private static readonly Option<string> Client = OneOf("--client", "NAME",
        "The SignalR client of every connection: raw, the tester's own lean WebSocket client, or official, Microsoft.AspNetCore.SignalR.Client.",
        "raw", "raw", "official");
    private static readonly Option<int> SetupConcurrency = Whole("--setup-concurrency", "Concurrent token and follow calls while setting up.", 64, minimum: 1);
    private static readonly Option<int> MaxPendingConnects = Whole("--max-pending-connects", "Connects in flight at once.", 1000, minimum: 1);
    private static readonly Option<int> Authors = Whole("--authors",
        "Graph workload: M author users post; each follower follows --follows of them (0: classic workload).", 0, minimum: 0);
    private static readonly Option<int> Follows = Whole("--follows", "Graph workload: distinct authors each follower follows (at most --authors).", 1, minimum: 1);
    private static readonly Option<double> Skew = new("--skew")
    {
        Description = "Graph workload: Zipf exponent of the authors' popularity (the author of rank r has weight 1/r^S); 0 is uniform.",
        HelpName = "S",
        DefaultValueFactory = _ => 1.0,
        CustomParser = result => ParseNumber(result, minimum: 0, "is not a number of at least 0"),
    };
    private static readonly Option<int> Seed = Whole("--seed", "Graph workload: seed of the graph and of which author posts; the same seed gives the same run.", 1, minimum: 0);
    private static readonly Option<string> AuthorPick = OneOf("--author-pick", "HOW",
        "Graph workload: which author makes each post: zipf (by the same law), uniform, or top (the most-followed first, the celebrity case).",
        "zipf", "zipf", "uniform", "top");
    private static readonly Option<string> Redis = new("--redis")
    {
        Description = "The server's Redis (host:port): after connecting, count its pub/sub channels and shard channels.",
        HelpName = "HOST:PORT",
        CustomParser = result => ParseRedis(result, result.Tokens[0].Value),
    };
    private static readonly Option<string> UserPrefix = new("--user-prefix")
    {
        Description = "Prefix of the user ids created (default: random per run).",
        HelpName = "PREFIX",
        CustomParser = result => ParseUserPrefix(result, result.Tokens[0].Value),
    };
    private static readonly Option<string> AdminKey = new("--admin-key")
    {
        Description = "The server's Feed:Auth:AdminKey, sent as X-Admin-Key to /api/admin/stats (needed outside Development).",
        HelpName = "KEY",
    };
    private static readonly Option<string> Out = new("--out") { Description = "Write the full result as JSON.", HelpName = "FILE" };
    private static readonly Option<bool> Quiet = new("--quiet") { Description = "No progress line each second." };

    private static readonly RootCommand Command = Build();

    /// <summary>The generated help text.</summary>
    public static string Help { get; } = RenderHelp();

    public static LoadTestOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = Command.Parse(args);
        if (result.Errors.Count > 0)
        {
            // An option's own error first: "--authors: '--follows' is not a whole number" says more
            // than the "Unrecognized argument '3'" that follows from it.
            throw new FormatException(result.Errors.OrderBy(e => e.SymbolResult is null or CommandResult ? 1 : 0).First().Message);
        }
        if (CheckGraphOptions(result) is { } problem)
        {
            throw new FormatException(problem);
        }
        var urls = result.GetValue(Url);
        return new LoadTestOptions
        {
            Urls = urls is { Length: > 0 } ? urls : [new Uri(LoadTestOptions.DefaultUrl)],
            Connections = result.GetValue(Connections),
            Ramp = result.GetValue(Ramp),
            Publishers = result.GetValue(Publishers),
            Rate = result.GetValue(Rate),
            Burst = result.GetValue(Burst),
            Warmup = result.GetValue(Warmup),
            JitWait = result.GetValue(JitWait),
            Duration = result.GetValue(Duration),
            Drain = result.GetValue(Drain),
            Protocol = result.GetValue(Protocol)!,
            Client = result.GetValue(Client)!,
            SetupConcurrency = result.GetValue(SetupConcurrency),
            MaxPendingConnects = result.GetValue(MaxPendingConnects),
            Authors = result.GetValue(Authors),
            Follows = result.GetValue(Follows),
            Skew = result.GetValue(Skew),
            Seed = result.GetValue(Seed),
            AuthorPick = result.GetValue(AuthorPick)!,
            Redis = result.GetValue(Redis),
            UserPrefix = result.GetValue(UserPrefix) ?? new LoadTestOptions().UserPrefix,
            AdminKey = result.GetValue(AdminKey),
            OutFile = result.GetValue(Out),
            Quiet = result.GetValue(Quiet),
            ShowHelp = result.GetResult(Command.Options.OfType<HelpOption>().Single()) is not null,
        };
    }

    private static RootCommand Build()
    {
        return new RootCommand(Notes)
        {
            Url, Connections, Ramp, Publishers, Rate, Burst, Warmup, JitWait, Duration, Drain, Protocol, Client, SetupConcurrency,
            MaxPendingConnects, Authors, Follows, Skew, Seed, AuthorPick, Redis, UserPrefix, AdminKey, Out, Quiet,
        };
    }

    /// <summary>
    /// Rules between options, checked once every value parsed: the graph options need
    /// <c>--authors</c>, the graph has no publishers, and K distinct authors of M needs K &lt;= M.
    /// </summary>
    private static string? CheckGraphOptions(ParseResult result)
    {
        var authors = result.GetValue(Authors);
        if (authors == 0)
        {
            return new Option[] { Follows, Skew, Seed, AuthorPick }.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } graphOnly
                ? $"{graphOnly.Name}: applies to the graph workload only; give --authors too."
                : null;
        }
        if (result.GetResult(Publishers) is { Implicit: false })
        {
            return "--publishers: the graph workload (--authors) has its authors post; leave --publishers out.";
        }
        var follows = result.GetValue(Follows);
        return follows > authors
            ? string.Create(CultureInfo.InvariantCulture, $"--follows {follows} is more than --authors {authors}: each connection follows distinct authors.")
            : null;
    }

    private static string RenderHelp()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        Command.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output });
        return output.ToString();
    }

    private static Option<int> Whole(string name, string description, int defaultValue, int minimum) => new(name)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var value = result.Tokens[0].Value;
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum)
            {
                return number;
            }
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name}: '{value}' is not a whole number of at least {minimum}."));
            return defaultValue;
        },
    };

    private static Option<double> Positive(string name, string description, double defaultValue) => new(name)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseNumber(result, minimum: double.Epsilon, "is not a positive number"),
    };

    private static Option<TimeSpan> Seconds(string name, string description, double defaultSeconds) => new(name)
    {
        Description = description,
        HelpName = "SECONDS",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(defaultSeconds),
        CustomParser = result =>
        {
            var value = result.Tokens[0].Value;
            var number = value.EndsWith('s') ? value[..^1] : value;
            if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
                && seconds <= TimeSpan.FromDays(1).TotalSeconds)
            {
                return TimeSpan.FromSeconds(seconds);
            }
            result.AddError($"{name}: '{value}' is not a number of seconds between 0 and 86400.");
            return TimeSpan.Zero;
        },
    };

    private static Option<string> OneOf(string name, string helpName, string description, string defaultValue, params string[] allowed) => new(name)
    {
        Description = $"{description} One of {string.Join(", ", allowed)}.",
        HelpName = helpName,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var value = result.Tokens[0].Value;
            if (allowed.Contains(value, StringComparer.Ordinal))
            {
                return value;
            }
            result.AddError($"{name}: '{value}' is not one of {string.Join(", ", allowed)}.");
            return defaultValue;
        },
    };

    private static double ParseNumber(ArgumentResult result, double minimum, string problem)
    {
        var value = result.Tokens[0].Value;
        if (double.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && number >= minimum && double.IsFinite(number))
        {
            return number;
        }
        result.AddError($"{NameOf(result)}: '{value}' {problem}.");
        return minimum;
    }

    private static Uri ParseUrl(ArgumentResult result, string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return url;
        }
        result.AddError($"{NameOf(result)}: '{value}' is not an absolute http(s) URL.");
        return new Uri(LoadTestOptions.DefaultUrl);
    }

    private static string ParseRedis(ArgumentResult result, string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon > 0 && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
        {
            return value;
        }
        result.AddError($"{NameOf(result)}: '{value}' is not host:port.");
        return value;
    }

    private static string ParseUserPrefix(ArgumentResult result, string value)
    {
        if (value.Length is >= 1 and <= 40 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            return value;
        }
        result.AddError($"{NameOf(result)}: '{value}' must be 1 to 40 characters of [A-Za-z0-9_-].");
        return value;
    }

    private static string NameOf(ArgumentResult result) => ((OptionResult)result.Parent!).Option.Name;
}
