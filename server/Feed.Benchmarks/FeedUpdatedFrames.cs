using System.Globalization;
using Feed.Core;
using Feed.Server.Demo;
using Feed.Server.Protocols;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Feed.Benchmarks;

/// <summary>What the 20 items of a benchmarked <c>FeedUpdated</c> contain.</summary>
public enum FeedContent
{
    /// <summary>The server's own demo posts: demo users with avatars, texts of about 40 characters.</summary>
    Demo,

    /// <summary>Text-heavy: 30 to 280 characters per post (mean about 155), some non-ASCII, some authors without avatars.</summary>
    LongText,
}

/// <summary>
/// The message the benchmarks write and parse: <c>FeedUpdated(items)</c> with 20 items with
/// ObjectId-style ids and real cursors, sent as the server sends it (a non-blocking
/// invocation). Deterministic for each <see cref="FeedContent"/>.
/// </summary>
public static class FeedUpdatedFrames
{
    public const int ItemCount = 20;

    private static readonly InvocationMessage DemoMessage = new(FeedHubMethods.FeedUpdated, [DemoItems()]);
    private static readonly InvocationMessage LongTextMessage = new(FeedHubMethods.FeedUpdated, [LongTextItems()]);

    public static IHubProtocol Json { get; } = new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions()));

    /// <summary>SignalR's MessagePack protocol with the server's options (the contract's keys are attributes).</summary>
    public static IHubProtocol MessagePack { get; } = new MessagePackHubProtocol(
        Options.Create(new MessagePackHubProtocolOptions { SerializerOptions = FeedProtocols.SerializerOptions }));

    public static IInvocationBinder Binder { get; } = new FeedUpdatedBinder();

    public static InvocationMessage Message(FeedContent content) =>
        content == FeedContent.Demo ? DemoMessage : LongTextMessage;

    public static int FrameSize(IHubProtocol protocol, FeedContent content) => protocol.GetMessageBytes(Message(content)).Length;

    public static void PrintSizes(TextWriter output)
    {
        foreach (var content in Enum.GetValues<FeedContent>())
        {
            int json = FrameSize(Json, content), messagePack = FrameSize(MessagePack, content);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"FeedUpdated, {ItemCount} items, {content}: json {json} B, messagepack {messagePack} B ({(double)messagePack / json:F3}x json)"));
        }
    }

    private static FeedItem[] DemoItems()
    {
        var random = new Random(42);
        var ids = DemoData.UserIds(300);
        return Build(random, _ =>
        {
            var index = random.Next(ids.Count);
            return DemoData.Profile(ids[index], index).ToAuthor();
        }, () => DemoData.RandomText(random));
    }

    private static FeedItem[] LongTextItems()
    {
        var random = new Random(20261122);
        var authors = Enumerable.Range(0, 5).Select(i => new AuthorProfile(
            $"demo-user-{i}", i % 2 == 0 ? $"Démo Üser {i}" : $"Demo User {i}",
            i % 3 == 0 ? null : $"https://avatars.example.com/demo-user-{i}.png")).ToArray();
        var vocabulary = "the quick brown fox jumps over a lazy dog café naïve über 東京 🚀 feed post reply weekend coffee".Split(' ');
        return Build(random, _ => authors[random.Next(authors.Length)], () =>
        {
            var length = random.Next(30, 281);
            var text = string.Join(' ', Enumerable.Range(0, length).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
            var cut = Math.Min(length, text.Length);
            cut -= char.IsHighSurrogate(text[cut - 1]) ? 1 : 0; // never split an emoji into a lone surrogate
            return text[..cut].TrimEnd();
        });
    }

    private static FeedItem[] Build(Random random, Func<int, AuthorProfile> author, Func<string> text)
    {
        var newest = DateTimeOffset.FromUnixTimeMilliseconds(1_763_780_000_000L);
        return [.. Enumerable.Range(0, ItemCount).Select(i =>
        {
            var createdAt = newest - TimeSpan.FromMilliseconds(random.Next(1, 60_000) * (i + 1));
            var id = PostId.New(createdAt);
            var by = author(i);
            var milliseconds = createdAt.ToUnixTimeMilliseconds();
            return new FeedItem(id, new FeedCursor(milliseconds, id).Encode(), by.Id, by, text(), milliseconds);
        })];
    }

    private sealed class FeedUpdatedBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(FeedItem[])];

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
