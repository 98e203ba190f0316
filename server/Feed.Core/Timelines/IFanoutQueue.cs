namespace Feed.Core;

/// <summary>
/// The fan-out jobs. A job is pending from <see cref="EnqueueAsync"/> until a worker calls
/// <see cref="CompleteAsync"/>: readers merge pending posts in (<see cref="GetPendingAsync"/>), so a
/// page never misses a post whose fan-out has not run yet. Delivery is at least once: a job whose
/// worker died or failed is handed out again, so running a job must be idempotent.
/// Failures to reach the queue surface as <see cref="TimelineUnavailableException"/>.
/// </summary>
public interface IFanoutQueue
{
    Task EnqueueAsync(FanoutJob job, CancellationToken cancellationToken);

    /// <summary>Jobs to run now; empty after waiting a while when there are none.</summary>
    Task<IReadOnlyList<ClaimedJob>> TakeAsync(CancellationToken cancellationToken);

    /// <summary>The job is still being worked on (a long fan-out): nobody else should take it over yet.</summary>
    Task KeepAsync(ClaimedJob job, CancellationToken cancellationToken);

    /// <summary>The job is done: it is no longer pending.</summary>
    Task CompleteAsync(ClaimedJob job, CancellationToken cancellationToken);

    /// <summary>The job failed: it is handed out again later.</summary>
    Task AbandonAsync(ClaimedJob job, CancellationToken cancellationToken);

    /// <summary>Every job enqueued and not completed yet.</summary>
    Task<IReadOnlyList<FanoutJob>> GetPendingAsync(CancellationToken cancellationToken);
}
