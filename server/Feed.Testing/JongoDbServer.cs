namespace Feed.Testing;

/// <summary>
/// A jongodb process (an in-memory MongoDB-wire test server from npm) on a port it picks
/// itself (--port=0, so no race for a free port). Start one per test class (wrap it in a class
/// fixture) and give each test its own database or collection name. <see cref="KillAsync"/> stops it abruptly (broken-connection tests);
/// <see cref="RestartAsync"/> starts a fresh, empty server on the same port.
/// </summary>
public sealed class JongoDbServer : IAsyncDisposable
{
    private const string UriPrefix = "JONGODB_URI=";
    private TestProcess? _process;

    public static string BinaryPath => Path.Combine(RepoPaths.NodeModules, "@jongodb", "memory-server-bin-linux-x64-gnu", "bin", "jongodb");

    /// <summary>The server's URI as it printed it, e.g. mongodb://127.0.0.1:41234/test.</summary>
    public string Uri { get; private set; } = "";

    public int Port { get; private set; }

    public bool HasExited => _process?.HasExited ?? true;

    /// <summary>A connection string for <paramref name="database"/> with extra options ("a=1&amp;b=2").</summary>
    public string ConnectionString(string database, string? options = null) =>
        $"mongodb://127.0.0.1:{Port}/{database}{(options is null ? "" : "?" + options)}";

    private JongoDbServer()
    {
    }

    /// <summary>Starts a server; port 0 lets it choose a free one.</summary>
    public static async Task<JongoDbServer> StartAsync(int port = 0)
    {
        var server = new JongoDbServer();
        await server.LaunchAsync(port);
        return server;
    }

    private async Task LaunchAsync(int port)
    {
        if (!File.Exists(BinaryPath))
        {
            throw new InvalidOperationException($"jongodb not found at {BinaryPath}; run npm install in client-js");
        }
        _process = TestProcess.Start(BinaryPath, ["--host=127.0.0.1", $"--port={port}"]);
        var line = await _process.WaitForOutputAsync(l => l.StartsWith(UriPrefix, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Uri = line[UriPrefix.Length..].Trim();
        var hostPort = Uri["mongodb://".Length..].Split('/')[0];
        Port = int.Parse(hostPort[(hostPort.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
        }
    }

    /// <summary>Stops the server and starts a new, empty one on the same port (clients reconnect).</summary>
    public async Task RestartAsync()
    {
        await DisposeAsync();
        await LaunchAsync(Port);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }
}
