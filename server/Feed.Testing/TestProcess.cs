using System.Diagnostics;
using System.Text;

namespace Feed.Testing;

/// <summary>
/// An external process started for a test (redis-server, jongodb, a Feed server). Output is
/// captured; <see cref="WaitForOutputAsync"/> waits for a line that says it is ready; disposing
/// kills the whole process tree so no server outlives its test run.
/// </summary>
public sealed class TestProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Exited completes only after the process exited AND stdout and stderr both delivered their
    // final null line: Process.Exited can fire while the last output lines are still in flight.
    private int _pendingEndings = 3;

    private TestProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public Task Exited => _exited.Task;

    /// <summary>Everything the process printed so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public static TestProcess Start(string fileName, IEnumerable<string> args,
        IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var test = new TestProcess(process);
        process.OutputDataReceived += (_, e) => test.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => test.OnLine(e.Data);
        process.Exited += (_, _) => test.OnEnding();
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {fileName}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return test;
    }

    /// <summary>Waits until a printed line matches, failing early if the process exits.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            foreach (var line in _output.ToString().Split('\n'))
            {
                if (match(line.TrimEnd('\r')))
                {
                    return line.TrimEnd('\r');
                }
            }
            _waiters.Add((match, done));
        }

        var finished = await Task.WhenAny(done.Task, _exited.Task, Task.Delay(timeout));
        if (finished == done.Task)
        {
            return await done.Task;
        }
        var why = finished == _exited.Task ? "exited" : $"printed no matching line within {timeout}";
        throw new InvalidOperationException($"{_process.StartInfo.FileName} {why}. Output:\n{Output}");
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            OnEnding();
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Done.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void OnEnding()
    {
        if (Interlocked.Decrement(ref _pendingEndings) == 0)
        {
            _exited.TrySetResult();
        }
    }

    /// <summary>Kills the process (and its children) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A process that ignores SIGKILL for 10 s is beyond our help; do not hang the run.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
