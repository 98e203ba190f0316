using System.Text.RegularExpressions;
using Feed.Testing;

namespace Feed.Server.Tests;

/// <summary>
/// The real thing, without Docker: three Feed server processes (the built Feed.Server.dll) on a
/// shared store (jongodb) and one Redis, behind Debian's nginx configured from
/// deploy/nginx.conf. Instances can be killed like a crash would.
/// </summary>
public sealed partial class ScaleOutProcessCluster : IAsyncLifetime
{
    private const string SigningKey = "scale-out-tests-shared-signing-key-0123456789";
    private readonly string _database = "feed" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _work = Directory.CreateTempSubdirectory("feed-scaleout-test").FullName;
    private RedisServer? _redis;
    private JongoDbServer? _mongo;
    private TestProcess? _nginx;

    public List<TestProcess> Instances { get; } = [];

    public List<Uri> InstanceUrls { get; } = [];

    /// <summary>nginx in front of every instance.</summary>
    public Uri LoadBalancer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _mongo = await JongoDbServer.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await StartInstanceAsync();
        }
        await StartNginxAsync();
    }

    public async Task KillAsync(int instance) => await Instances[instance].KillAsync();

    private async Task StartInstanceAsync()
    {
        var port = FreePort.Next();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var process = TestProcess.Start("dotnet", [ServerDll()], new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Mongo"] = _mongo!.ConnectionString(_database),
            ["ConnectionStrings__Redis"] = _redis!.ConnectionString + ",keepAlive=1",
            ["Feed__Auth__SigningKey"] = SigningKey,
            ["Feed__Demo__Seed"] = "false",
            ["Feed__Demo__ActivityInterval"] = "00:00:00",
            ["Feed__Limits__PublishBurst"] = "10000",
            ["Feed__Limits__PublishPerSecond"] = "10000",
        });
        Instances.Add(process);
        InstanceUrls.Add(url);
        await process.WaitForOutputAsync(l => l.Contains("Application started", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
    }

    private async Task StartNginxAsync()
    {
        var port = FreePort.Next();
        var upstreams = string.Concat(InstanceUrls.Select(u => $"        server 127.0.0.1:{u.Port} max_fails=1 fail_timeout=5s;\n"));
        var config = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "nginx.conf"));
        config = UpstreamServer().Replace(config, upstreams.TrimEnd('\n'));
        config = config.Replace("listen 80;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal)
            .Replace("worker_processes auto;", "worker_processes 1;", StringComparison.Ordinal)
            .Replace("worker_connections 16384;", "worker_connections 1024;", StringComparison.Ordinal)
            .Replace("http {", $"http {{\n    access_log off;\n    client_body_temp_path {_work}/body;\n    proxy_temp_path {_work}/proxy;\n" +
                $"    fastcgi_temp_path {_work}/fastcgi;\n    uwsgi_temp_path {_work}/uwsgi;\n    scgi_temp_path {_work}/scgi;", StringComparison.Ordinal);
        var path = Path.Combine(_work, "nginx.conf");
        File.WriteAllText(path, config);
        _nginx = TestProcess.Start(Nginx(), ["-e", Path.Combine(_work, "error.log"), "-p", _work, "-c", path,
            "-g", $"daemon off; master_process off; pid {_work}/nginx.pid;"]);
        LoadBalancer = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = LoadBalancer };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                (await http.GetAsync("/healthz")).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_nginx.HasExited)
            {
                await Task.Delay(50);
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException($"nginx did not come up: {_nginx.Output}\n{ReadOrEmpty(Path.Combine(_work, "error.log"))}", e);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }
        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }
        if (_mongo is not null)
        {
            await _mongo.DisposeAsync();
        }
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
        Directory.Delete(_work, recursive: true);
    }

    /// <summary>The server built in the same configuration as these tests.</summary>
    internal static string ServerDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        var dll = Path.Combine(RepoPaths.Root, "server", "Feed.Server", "bin", configuration, "net10.0", "Feed.Server.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} not found; build server/Feed.Server -c {configuration}");
    }

    private static string Nginx() =>
        new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("nginx not found; install it (apt-get install -y nginx; scripts/test.sh does)");

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    [GeneratedRegex(@"^ *server server:8080.*$", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();
}
