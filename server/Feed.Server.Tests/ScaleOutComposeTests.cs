using System.Diagnostics;
using Feed.Testing;

namespace Feed.Server.Tests;

/// <summary>compose.yaml is valid Compose and runs MongoDB, Redis, the server and nginx.</summary>
public sealed class ScaleOutComposeTests
{
    private static readonly string ComposeFile = Path.Combine(RepoPaths.Root, "compose.yaml");

    [Fact]
    public async Task Compose_file_validates_and_names_mongodb_redis_the_server_and_nginx()
    {
        var (exitCode, resolved) = await ComposeConfigAsync("a-signing-key-of-at-least-32-characters");

        Assert.True(exitCode == 0, $"docker-compose config failed:\n{resolved}");
        Assert.Contains("image: mongo:7", resolved);
        Assert.Contains("image: redis:7", resolved);
        Assert.Contains("dockerfile: server/Dockerfile", resolved);
        Assert.Contains("image: nginx:", resolved);
        Assert.Contains("ConnectionStrings__Redis: redis:6379", resolved);
        Assert.Contains("ConnectionStrings__Mongo: mongodb://mongo:27017/feed", resolved);
    }

    [Fact]
    public async Task Compose_file_refuses_to_run_without_a_shared_signing_key()
    {
        var (exitCode, output) = await ComposeConfigAsync(signingKey: null);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("FEED_SIGNING_KEY", output);
    }

    [Fact]
    public void Nginx_config_passes_websocket_upgrades()
    {
        var nginx = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "nginx.conf"));

        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", nginx);
        Assert.Contains("proxy_set_header Connection $connection_upgrade;", nginx);
        Assert.Contains("proxy_http_version 1.1;", nginx);
    }

    /// <summary>Runs <c>docker-compose -f compose.yaml config</c> (Debian's docker-compose needs no engine).</summary>
    private static async Task<(int ExitCode, string Output)> ComposeConfigAsync(string? signingKey)
    {
        var dockerCompose = new[] { "/usr/bin/docker-compose", "/usr/local/bin/docker-compose" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("docker-compose not found; install Debian's docker-compose (scripts/test.sh does)");
        var info = new ProcessStartInfo(dockerCompose)
        {
            ArgumentList = { "-f", ComposeFile, "config" },
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment.Remove("FEED_SIGNING_KEY");
        if (signingKey is not null)
        {
            info.Environment["FEED_SIGNING_KEY"] = signingKey;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
