namespace Feed.Testing;

/// <summary>
/// A throwaway redis-server for tests: loopback only, on a free port, no persistence.
/// Optionally requires a password (<c>--requirepass</c>) and defines ACL users. It can be
/// stopped and started again on the same port to test reconnects; disposing kills it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _executable;
    private readonly List<string> _arguments;
    private TestProcess? _process;

    private RedisServer(string executable, int port, List<string> arguments, string? password)
    {
        _executable = executable;
        Port = port;
        _arguments = arguments;
        Password = password;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The <c>--requirepass</c> password, if any.</summary>
    public string? Password { get; }

    /// <summary><c>127.0.0.1:port</c>, with <c>password=</c> when one is required.</summary>
    public string ConnectionString => Password is null ? EndPoint : $"{EndPoint},password={Password}";

    /// <summary><c>127.0.0.1:port</c> only.</summary>
    public string EndPoint => $"{Host}:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the server printed, for failure messages.</summary>
    public string Output => _process?.Output ?? "";

    /// <summary>
    /// Starts redis-server and waits until it accepts connections.
    /// </summary>
    /// <param name="password">Sets <c>--requirepass</c> (the default user's password).</param>
    /// <param name="aclUsers">ACL users as (name, password); each gets all keys, channels and commands.</param>
    /// <param name="port">A fixed port; default a free one.</param>
    public static async Task<RedisServer> StartAsync(string? password = null,
        IEnumerable<(string User, string Password)>? aclUsers = null, int? port = null)
    {
        var chosenPort = port ?? FreePort.Next();
        var arguments = new List<string>
        {
            "--port", chosenPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
        };
        if (password is not null)
        {
            arguments.AddRange(["--requirepass", password]);
        }
        foreach (var (user, userPassword) in aclUsers ?? [])
        {
            arguments.AddRange(["--user", user, "on", ">" + userPassword, "~*", "&*", "+@all"]);
        }
        var server = new RedisServer(FindExecutable(), chosenPort, arguments, password);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same port and waits until it is ready.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"redis-server on port {Port} is already running.");
        }
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        _process = TestProcess.Start(_executable, _arguments);
        await _process.WaitForOutputAsync(line => line.Contains("Ready to accept connections", StringComparison.Ordinal), StartTimeout);
    }

    /// <summary>Kills the server (as a crash would: clients see their sockets close).</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    private static string FindExecutable()
    {
        foreach (var candidate in new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException(
            "redis-server not found; install it (apt-get install -y redis-server).");
    }
}
