using Microsoft.Extensions.Internal;

namespace Feed.Server.Profiles;

/// <summary>
/// The memory cache under HybridCache reads its own clock; this hands it the app's
/// <see cref="TimeProvider"/>, so cache expiry follows the same time as everything else (and a
/// fake clock in tests).
/// </summary>
internal sealed class TimeProviderClock(TimeProvider time) : ISystemClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
