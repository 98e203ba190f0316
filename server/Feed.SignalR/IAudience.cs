namespace Feed.SignalR;

/// <summary>
/// The users one message is for, resolved by the application (e.g. an author's followers and the
/// author). Delivery either looks up the audience's users or walks this instance's users, whichever
/// costs less, so a large audience costs at most one lookup per local user, and an audience sent to
/// again costs about one field read per local user. Reads may run concurrently with changes.
/// Delivery remembers, for each local user found in an audience object, that it is in that object,
/// until a change for that user is applied through <see cref="IAudienceResolver.Apply"/>: so a
/// resolver hands out the same object while its membership changes only through
/// <see cref="IAudienceResolver.Apply"/>, and a new object once it may have changed otherwise
/// (reloaded, <see cref="IAudienceResolver.Reset"/>).
/// </summary>
public interface IAudience
{
    /// <summary>How many users are in the audience (may change while read).</summary>
    int Count { get; }

    bool Contains(string userId);

    /// <summary>The users, each once.</summary>
    IEnumerable<string> Users { get; }
}

/// <summary>
/// Resolves audiences by name for <see cref="IHubAudiences{THub}"/>. Implemented by the
/// application; the engine asks it on the instance that sends and on every instance that delivers.
/// </summary>
public interface IAudienceResolver
{
    /// <summary>The audience's users now; may load them (and so complete later) the first time.</summary>
    ValueTask<IAudience> ResolveAsync(string audience, CancellationToken cancellationToken);

    /// <summary>A user joined (<paramref name="member"/> true) or left the audience; called on every instance.</summary>
    void Apply(string audience, string userId, bool member);

    /// <summary>Changes may have been missed (a backplane outage): forget whatever is held and resolve anew.</summary>
    void Reset();
}
