namespace Feed.LoadTest.Delivery;

/// <summary>
/// What a follower reads of each <c>FeedUpdated</c> item: only its text (the stamp). Binding the
/// rest (ids, author, time) would only cost the tester CPU it shares with the server.
/// </summary>
internal sealed record StampedItem(string Text);
