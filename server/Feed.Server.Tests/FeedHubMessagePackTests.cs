using Microsoft.AspNetCore.SignalR.Client;
using Feed.Client;
using Feed.Core;
using Feed.Server.Protocols;
using Feed.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Server.Tests;

/// <summary>The shared hub suite with Feed.Client speaking messagepack to the real server.</summary>
public sealed class FeedHubMessagePackTests(FeedServerFixture fixture)
    : FeedHubSuite(fixture, FeedHubProtocols.MessagePack), IClassFixture<FeedServerFixture>
{
    [Fact]
    public void The_server_offers_json_and_messagepack()
    {
        var protocols = Server.Services.GetRequiredService<IHubProtocolResolver>().AllProtocols;

        Assert.Equal(["json", "messagepack"], protocols.Select(p => p.Name).Order());
        // SignalR's own protocols, each wrapped only to name the field in binding errors.
        var messagePack = Assert.IsType<FeedParsingHubProtocol>(protocols.Single(p => p.Name == "messagepack"));
        Assert.IsType<Microsoft.AspNetCore.SignalR.Protocol.MessagePackHubProtocol>(messagePack.Inner);
    }

    [Fact]
    public async Task A_json_and_a_messagepack_connection_see_the_same_item()
    {
        await using var author = await Server.ConnectAsync(TestUsers.New("alice"), FeedHubProtocols.MessagePack);
        await using var viaJson = await Server.ConnectAsync(TestUsers.New("bob"), FeedHubProtocols.Json);
        await using var viaMessagePack = await Server.ConnectAsync(TestUsers.New("carol"), FeedHubProtocols.MessagePack);
        await viaJson.Client.FollowAsync(author.UserId);
        await viaMessagePack.Client.FollowAsync(author.UserId);

        var item = await author.Client.PublishAsync("ünïcødé über alles 🎉 — 日本語");

        var fromJson = (await viaJson.Inbox.WaitForAsync(item.Id)).Single(i => i.Id == item.Id);
        var fromMessagePack = (await viaMessagePack.Inbox.WaitForAsync(item.Id)).Single(i => i.Id == item.Id);
        Assert.Equal(item, fromJson);
        Assert.Equal(item, fromMessagePack);
        var page = await viaMessagePack.Client.GetFeedAsync(new FeedQuery(Limit: 1));
        Assert.Equal([item], page.Items);
    }

    [Fact]
    public async Task A_map_where_a_string_belongs_is_a_binding_error_and_the_connection_stays()
    {
        await using var a = await Server.ConnectAsync(TestUsers.New("alice"), FeedHubProtocols.MessagePack);

        // Follow takes a string: a map there cannot bind; the message says what was expected.
        var error = await Assert.ThrowsAsync<HubException>(() =>
            a.Client.Connection.InvokeCoreAsync(FeedHubMethods.Follow, typeof(object), [new FeedQuery(Limit: 3)]));

        Assert.True(error.Message.Contains("Error binding arguments.", StringComparison.Ordinal)
            && error.Message.Contains("Unexpected msgpack code 131 (fixmap)", StringComparison.Ordinal), error.Message);
        Assert.Equal(HubConnectionState.Connected, a.Client.Connection.State);
        Assert.Empty((await a.Client.GetFeedAsync()).Items);
    }

    [Fact]
    public async Task A_malformed_frame_closes_that_connection_with_an_error_naming_the_problem()
    {
        await using var bystander = await Server.ConnectAsync(TestUsers.New("bob"), FeedHubProtocols.MessagePack);
        await using var socket = await RawMessagePackSocket.ConnectAsync(Server.BaseUrl, await Server.TokenAsync(TestUsers.New("mallory")),
            new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);

        // [1 (Invocation), <0xc1: a byte MessagePack never uses, where the headers map belongs>]
        await socket.SendAsync(RawMessagePackSocket.Frame([0x92, 0x01, 0xc1]), CancellationToken.None);
        var reply = await socket.ReadUntilAsync(_ => false, new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);

        var close = Assert.IsType<Microsoft.AspNetCore.SignalR.Protocol.CloseMessage>(reply);
        Assert.True(close.Error?.Contains("headers", StringComparison.Ordinal), close.Error);
        Assert.Empty((await bystander.Client.GetFeedAsync()).Items);
        Assert.Equal(HubConnectionState.Connected, bystander.Client.Connection.State);
    }
}
