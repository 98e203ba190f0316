using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Feed.Core;

/// <summary>
/// Fan-out jobs in process memory (in-process mode): an unbounded channel read by the worker,
/// and the pending jobs by receipt. Nothing survives the process, and nothing needs to: the
/// timelines are in the same memory.
/// </summary>
public sealed class InMemoryFanoutQueue : IFanoutQueue
{
    private const int MaxTake = 64;
    private static readonly Task<IReadOnlyList<FanoutJob>> NonePending = Task.FromResult<IReadOnlyList<FanoutJob>>([]);
    private readonly Channel<ClaimedJob> _jobs = Channel.CreateUnbounded<ClaimedJob>();
    private readonly ConcurrentDictionary<string, FanoutJob> _pending = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private TaskCompletionSource? _drained;
    private long _next;

    public Task EnqueueAsync(FanoutJob job, CancellationToken cancellationToken)
    {
        var receipt = Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _pending[receipt] = job;
        _jobs.Writer.TryWrite(new ClaimedJob(job, receipt));
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<ClaimedJob>> TakeAsync(CancellationToken cancellationToken)
    {
        await _jobs.Reader.WaitToReadAsync(cancellationToken);
        var taken = new List<ClaimedJob>();
        while (taken.Count < MaxTake && _jobs.Reader.TryRead(out var job))
        {
            taken.Add(job);
        }
        return taken;
    }

    public Task KeepAsync(ClaimedJob job, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CompleteAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        _pending.TryRemove(job.Receipt, out _);
        lock (_gate)
        {
            if (_pending.IsEmpty)
            {
                _drained?.TrySetResult();
                _drained = null;
            }
        }
        return Task.CompletedTask;
    }

    public Task AbandonAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        _jobs.Writer.TryWrite(job);
        return Task.CompletedTask;
    }

    // Every page asks; with nothing pending (the usual case) it costs neither a copy nor a task.
    public Task<IReadOnlyList<FanoutJob>> GetPendingAsync(CancellationToken cancellationToken) =>
        _pending.IsEmpty ? NonePending : Task.FromResult<IReadOnlyList<FanoutJob>>([.. _pending.Values]);

    /// <summary>Completes once no job is pending (at once if none is).</summary>
    public Task WhenDrainedAsync()
    {
        lock (_gate)
        {
            if (_pending.IsEmpty)
            {
                return Task.CompletedTask;
            }
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }
}
