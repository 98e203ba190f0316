using System.Diagnostics;

namespace Feed.Testing;

/// <summary>
/// Runs a Node.js script once: writes <c>input</c> to its stdin and returns its stdout.
/// <c>require</c> resolves packages from client-js/node_modules (NODE_PATH), so test scripts
/// can live beside their tests.
/// </summary>
public static class NodeScript
{
    public static async Task<string> RunAsync(string scriptPath, string input, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(scriptPath);
        info.Environment["NODE_PATH"] = RepoPaths.NodeModules;

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
            var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
            await process.StandardInput.WriteAsync(input.AsMemory(), cancel.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(cancel.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"node {scriptPath} exited with {process.ExitCode}:\n{await stderr}");
            }
            return await stdout;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {scriptPath} did not finish within {timeout ?? TimeSpan.FromMinutes(1)}.");
        }
    }
}
