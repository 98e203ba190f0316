using System.Text.Json;
using Feed.LoadTest.Options;
using Feed.LoadTest.Report;
using Feed.LoadTest.Run;

namespace Feed.LoadTest;

/// <summary>The command line: parse, run, print the table, write the JSON report.</summary>
internal static class LoadTestProgram
{
    public const int ExitOk = 0;
    public const int ExitUsageOrCrash = 1;
    public const int ExitIncorrect = 2;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> Main(string[] args)
    {
        LoadTestOptions options;
        try
        {
            options = LoadTestOptionsParser.Parse(args);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync(e.Message + " (see --help)");
            return ExitUsageOrCrash;
        }
        if (options.ShowHelp)
        {
            Console.WriteLine(LoadTestOptionsParser.Help);
            return ExitOk;
        }
        // The ramp starts hundreds of connects at once: do not wait for the pool to grow slowly.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 4 * Environment.ProcessorCount), io);

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var report = await RunAsync(options, Console.Out, cancel.Token);
        return report.Correct ? ExitOk : ExitIncorrect;
    }

    /// <summary>Runs one load test, prints the table and writes <c>--out</c>; used by tests in-process.</summary>
    public static async Task<LoadTestReport> RunAsync(LoadTestOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        await using var runner = new LoadTestRunner(options, output);
        var report = await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        ReportPrinter.Print(report, output);
        if (options.OutFile is { } path)
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, JsonOptions), cancellationToken).ConfigureAwait(false);
            output.WriteLine($"  report written to {path}");
        }
        return report;
    }
}
