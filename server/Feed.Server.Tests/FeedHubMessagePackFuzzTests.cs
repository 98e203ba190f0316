using System.Net.WebSockets;
using Feed.Client;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;

namespace Feed.Server.Tests;

/// <summary>
/// Thousands of random and mutated messagepack frames sent over a raw WebSocket to the live
/// hub. After each frame a GetFeed probe must be answered, or the server must have closed that
/// connection; nothing else. Normal clients on both protocols keep working throughout. The
/// only exceptions the server may log are the documented ones: <see cref="InvalidDataException"/>
/// (SignalR's protocol) or <see cref="MessagePack.MessagePackSerializationException"/> (the
/// MessagePack reader) for malformed frames, <see cref="HubException"/> for rejected calls.
/// </summary>
public sealed class FeedHubMessagePackFuzzTests(FeedHubMessagePackFuzzTests.Fixture fixture)
    : IClassFixture<FeedHubMessagePackFuzzTests.Fixture>
{
    private const int Rounds = 3000;
    private const int NormalTrafficEvery = 100;

    /// <summary>Fuzzed frames may publish: the rate limit is lifted so the bystanders are never throttled.</summary>
    public sealed class Fixture : FeedServerFixture
    {
        protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
        {
            ["Feed:Limits:PublishBurst"] = "100000",
            ["Feed:Limits:PublishPerSecond"] = "100000",
        };
    }

    private FeedServer Server => fixture.Server;

    [Theory]
    [InlineData(20261122)]
    [InlineData(7)]
    public async Task Random_and_mutated_frames_only_ever_close_the_offending_connection(int seed)
    {
        await using var author = await Server.ConnectAsync(TestUsers.New("alice"), FeedHubProtocols.MessagePack);
        await using var follower = await Server.ConnectAsync(TestUsers.New("bob"), FeedHubProtocols.Json);
        await follower.Client.FollowAsync(author.UserId);
        var token = await Server.TokenAsync(TestUsers.New("fuzzer"));
        var frames = new MessagePackFuzzFrames(seed);
        int answered = 0, closed = 0;
        RawMessagePackSocket? socket = null;
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                socket ??= await RawMessagePackSocket.ConnectAsync(Server.BaseUrl, token, Timeout());
                var (kind, body) = frames.Next(round);
                if (await SurvivesAsync(socket, body, round, kind))
                {
                    answered++;
                }
                else
                {
                    closed++;
                    await socket.DisposeAsync();
                    socket = null;
                }
                if (round % NormalTrafficEvery == 0)
                {
                    await NormalTrafficAsync(author, follower, $"during round {round}: ünïcødé ✨");
                }
            }
        }
        finally
        {
            if (socket is not null)
            {
                await socket.DisposeAsync();
            }
        }

        await NormalTrafficAsync(author, follower, "after the fuzzing 🎉");
        Assert.True(answered > Rounds / 10, $"only {answered} frames left the connection usable");
        Assert.True(closed > Rounds / 10, $"only {closed} frames closed the connection");
        AssertOnlyDocumentedErrorsWereLogged();
    }

    /// <summary>Sends the frame and a probe; true when the probe was answered, false when the server closed the connection.</summary>
    private static async Task<bool> SurvivesAsync(RawMessagePackSocket socket, byte[] body, int round, string kind)
    {
        var probeId = $"probe-{round}";
        HubMessage? reply;
        try
        {
            await socket.SendAsync(RawMessagePackSocket.Frame(body), Timeout());
            await socket.SendAsync(new InvocationMessage(probeId, FeedHubMethods.GetFeed, [new FeedQuery(Limit: 1)]), Timeout());
            reply = await socket.ReadUntilAsync(m => m is CompletionMessage c && c.InvocationId == probeId, Timeout());
        }
        catch (WebSocketException)
        {
            reply = null; // the server closed the socket while we were still sending
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"round {round} ({kind}): the server neither answered nor closed after {Convert.ToHexString(body)}");
        }
        if (reply is CompletionMessage completion)
        {
            Assert.True(completion.Error is null, $"round {round} ({kind}): probe failed: {completion.Error}");
            Assert.IsType<FeedPage>(completion.Result);
            return true;
        }
        return false;
    }

    private static async Task NormalTrafficAsync(FeedConnection author, FeedConnection follower, string text)
    {
        var item = await author.Client.PublishAsync(text);
        var received = (await follower.Inbox.WaitForAsync(item.Id)).Single(i => i.Id == item.Id);
        Assert.Equal(item, received);
        Assert.Equal(item, (await follower.Client.GetFeedAsync(new FeedQuery(Limit: 1))).Items.Single());
    }

    private void AssertOnlyDocumentedErrorsWereLogged()
    {
        Assert.Contains(Server.Logs.Lines, l => IsDocumented(l.Message) && !l.Message.Contains("\nMicrosoft.AspNetCore.SignalR.HubException", StringComparison.Ordinal));
        var undocumented = Server.Logs.Lines
            .Where(l => l.Level >= LogLevel.Error || (l.Level == LogLevel.Warning && l.Message.Contains('\n')))
            .Where(l => !IsDocumented(l.Message))
            .ToList();
        Assert.True(undocumented.Count == 0,
            "undocumented errors:\n" + string.Join("\n---\n", undocumented.Take(5).Select(l => $"{l.Category} {l.Level} {l.Message}")));
    }

    /// <summary>Log lines carry the exception after a newline; its first line starts with the type name.</summary>
    private static bool IsDocumented(string message)
    {
        var newline = message.IndexOf('\n');
        var exception = newline < 0 ? "" : message[(newline + 1)..];
        return exception.StartsWith("System.IO.InvalidDataException", StringComparison.Ordinal)
            || exception.StartsWith("MessagePack.MessagePackSerializationException", StringComparison.Ordinal)
            || exception.StartsWith("Microsoft.AspNetCore.SignalR.HubException", StringComparison.Ordinal);
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token;
}
