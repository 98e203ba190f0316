namespace Feed.LoadTest.Options;

/// <summary>What one load-test run does. Every setting has a default that runs against a local server.</summary>
internal sealed record LoadTestOptions
{
    public const string DefaultUrl = "http://localhost:5000";

    /// <summary>Server base URLs; connections are spread over them round-robin.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [new Uri(DefaultUrl)];

    /// <summary>Follower connections (one user each), besides the publishers' own connections.</summary>
    public int Connections { get; init; } = 1000;

    /// <summary>New connections opened per second.</summary>
    public double Ramp { get; init; } = 1000;

    /// <summary>Publisher users, each on one connection; every follower follows all of them. Zero: idle connections only.</summary>
    public int Publishers { get; init; } = 1;

    /// <summary>Posts per second over all publishers.</summary>
    public double Rate { get; init; } = 1;

    /// <summary>When above zero, publish this many posts at once instead of at <see cref="Rate"/>.</summary>
    public int Burst { get; init; }

    /// <summary>
    /// Unmeasured posts published as one burst before measuring, so the run measures a server and
    /// tester whose hot paths the JIT has already optimized. Zero: off.
    /// </summary>
    public int Warmup { get; init; }

    /// <summary>
    /// After the warm-up, how long at most to wait until the server's tiered JIT has gone quiet (its
    /// optimized recompiles of hot code run in the background for seconds after a first burst).
    /// </summary>
    public TimeSpan JitWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to publish (or, with no publishers, to hold the connections open).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for outstanding deliveries after the last post.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Hub protocol name: <c>json</c> or <c>messagepack</c>.</summary>
    public string Protocol { get; init; } = "json";

    /// <summary>
    /// The SignalR client every connection (followers and publishers) uses: <c>raw</c>, the
    /// tester's own lean WebSocket client (the default: leaner per connection), or <c>official</c>,
    /// Microsoft.AspNetCore.SignalR.Client.
    /// </summary>
    public string Client { get; init; } = "raw";

    /// <summary>Concurrent HTTP and hub calls while setting up (tokens, follows).</summary>
    public int SetupConcurrency { get; init; } = 64;

    /// <summary>Connects in flight at once; the ramp waits when this many are pending.</summary>
    public int MaxPendingConnects { get; init; } = 1000;

    /// <summary>Prefix of the user ids this run creates; unique per run unless given.</summary>
    public string UserPrefix { get; init; } = "lt" + Random.Shared.Next(0x100000, 0xFFFFFF).ToString("x6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Graph workload: this many author users post, and each follower follows <see cref="Follows"/>
    /// of them drawn by a Zipf law. Zero: the classic workload (every follower follows every publisher).
    /// </summary>
    public int Authors { get; init; }

    /// <summary>Distinct authors each follower connection follows (graph workload).</summary>
    public int Follows { get; init; } = 1;

    /// <summary>Zipf exponent of the authors' popularity: author of rank r is followed with weight 1/r^skew; 0 is uniform.</summary>
    public double Skew { get; init; } = 1.0;

    /// <summary>Seed of the graph and of which author posts, so runs are repeatable.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Which author makes each post: <c>zipf</c> (by the same law), <c>uniform</c>, or <c>top</c> (the most-followed first).</summary>
    public string AuthorPick { get; init; } = "zipf";

    /// <summary>Redis the server uses (<c>host:port</c>), to count its pub/sub channels after connecting; null: not counted.</summary>
    public string? Redis { get; init; }

    /// <summary>True when the run uses the graph workload.</summary>
    public bool IsGraph => Authors > 0;

    /// <summary>Sent as <c>X-Admin-Key</c> to <c>/api/admin/stats</c> (the server's <c>Feed:Auth:AdminKey</c>); null sends none.</summary>
    public string? AdminKey { get; init; }

    /// <summary>Where to write the JSON report; null writes none.</summary>
    public string? OutFile { get; init; }

    /// <summary>No progress line each second.</summary>
    public bool Quiet { get; init; }

    /// <summary>Print the help text and exit.</summary>
    public bool ShowHelp { get; init; }
}
