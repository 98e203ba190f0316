namespace Feed.LoadTest.Clients;

/// <summary>One open hub connection, whichever client opened it: the calls the tester makes.</summary>
internal interface ILoadTestConnection : IAsyncDisposable
{
    /// <summary>Completes when the connection closes: null when we closed it, else why it closed.</summary>
    Task<Exception?> Completion { get; }

    Task PublishAsync(string text);

    Task FollowAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>
/// Opens hub connections (<c>--client official|raw</c>). <c>FeedUpdated</c> arrives bound to
/// <typeparamref name="TItem"/>[]: <see cref="Delivery.StampedItem"/> for followers (only the
/// text is read), <see cref="Core.FeedItem"/> for publishers (the full frame is measured).
/// </summary>
internal interface ILoadTestClient
{
    Task<ILoadTestConnection> ConnectAsync<TItem>(Uri url, string token, Action<TItem[]> onFeedUpdated, CancellationToken cancellationToken);
}
