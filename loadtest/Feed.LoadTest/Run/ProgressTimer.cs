namespace Feed.LoadTest.Run;

/// <summary>Prints one progress line per second until disposed.</summary>
internal sealed class ProgressTimer : IDisposable
{
    private readonly Timer _timer;

    public ProgressTimer(LoadTestRunner runner, TextWriter output)
    {
        _timer = new Timer(_ => output.WriteLine(runner.ProgressLine()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void Dispose() => _timer.Dispose();
}
