using Feed.Client.Tests.TestServer;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Client.Tests;

public sealed class HubConnectionInvokeTests(TestServerFixture server) : IClassFixture<TestServerFixture>
{
    [Fact]
    public async Task Invoke_returns_a_string()
    {
        await using var connection = await server.ConnectAsync();

        Assert.Equal("héllo ✓", await connection.InvokeAsync<string>("Echo", ["héllo ✓"]).Within());
    }

    [Fact]
    public async Task Invoke_returns_an_int()
    {
        await using var connection = await server.ConnectAsync();

        Assert.Equal(42, await connection.InvokeAsync<int>("Add", [40, 2]).Within());
    }

    [Fact]
    public async Task Invoke_binds_a_complex_record()
    {
        await using var connection = await server.ConnectAsync();

        var widget = await connection.InvokeAsync<Widget>("MakeWidget", ["gear", 3]).Within();

        Assert.NotNull(widget);
        Assert.Equal("gear", widget.Name);
        Assert.Equal(3, widget.Count);
        Assert.Equal(["gear-0", "gear-1", "gear-2"], widget.Tags);
        Assert.Equal(1_700_000_000_003L, widget.CreatedAt);
    }

    [Fact]
    public async Task Void_invoke_completes_after_the_server_ran_the_method()
    {
        await using var connection = await server.ConnectAsync();
        var key = Guid.NewGuid().ToString();

        await connection.InvokeAsync("Remember", [key, "value"]).Within();

        Assert.True(server.Probe.RememberedAsync(key).IsCompletedSuccessfully);
        Assert.Equal("value", await server.Probe.RememberedAsync(key));
    }

    [Fact]
    public async Task Send_invokes_without_waiting_for_a_completion()
    {
        await using var connection = await server.ConnectAsync();
        var key = Guid.NewGuid().ToString();

        await connection.SendAsync("Remember", [key, "sent"]).Within();

        Assert.Equal("sent", await server.Probe.RememberedAsync(key).Within());
    }

    [Fact]
    public async Task A_HubException_on_the_server_surfaces_with_its_message()
    {
        await using var connection = await server.ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Fail", ["text: too long"]).Within());

        // SignalR servers prefix a HubException's message with the method it came from.
        Assert.EndsWith("HubException: text: too long", error.Message);
        Assert.Contains("'Fail'", error.Message);
        Assert.Equal(5, await connection.InvokeAsync<int>("Add", [2, 3]).Within());
    }

    [Fact]
    public async Task An_unexpected_server_error_surfaces_as_a_HubException_naming_the_method()
    {
        await using var connection = await server.ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<int>("FailUnexpectedly", []).Within());

        Assert.Contains("FailUnexpectedly", error.Message);
    }

    [Fact]
    public async Task Invoking_an_unknown_method_fails_with_a_HubException()
    {
        await using var connection = await server.ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("NoSuchMethod", []).Within());

        Assert.Contains("NoSuchMethod", error.Message);
    }

    [Fact]
    public async Task Many_concurrent_invocations_are_each_matched_to_their_own_result()
    {
        await using var connection = await server.ConnectAsync();

        var calls = Enumerable.Range(0, 300)
            .Select(i => Task.Run(() => connection.InvokeAsync<int>("EchoAfter", [i, i % 7])))
            .ToArray();
        var results = await Task.WhenAll(calls).Within();

        Assert.Equal(Enumerable.Range(0, 300), results);
    }

    [Fact]
    public async Task Messages_larger_than_the_initial_buffers_round_trip()
    {
        await using var connection = await server.ConnectAsync();
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i % 10}é€𝄞"));

        Assert.Equal(text, await connection.InvokeAsync<string>("Echo", [text]).Within());
    }

    [Fact]
    public async Task A_cancelled_invocation_throws_and_the_connection_keeps_working()
    {
        await using var connection = await server.ConnectAsync();
        using var cancel = new CancellationTokenSource();

        var hanging = connection.InvokeAsync("Hang", [], cancel.Token);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging.Within());
        Assert.Equal("still here", await connection.InvokeAsync<string>("Echo", ["still here"]).Within());
    }

    [Fact]
    public async Task The_binary_transfer_format_works_end_to_end()
    {
        await using var connection = await server.ConnectAsync(o => o.Protocol = TestProtocols.BinaryJson);

        Assert.Equal("binary", await connection.InvokeAsync<string>("Echo", ["binary"]).Within());
        Assert.Equal(7, await connection.InvokeAsync<int>("Add", [3, 4]).Within());
    }
}
