using System.Collections.Concurrent;
using Feed.Client.Tests.TestServer;

namespace Feed.Client.Tests;

public sealed class HubConnectionHandlerTests(TestServerFixture server) : IClassFixture<TestServerFixture>
{
    [Fact]
    public async Task A_handler_receives_typed_arguments()
    {
        await using var connection = await server.ConnectAsync();
        var received = new TaskCompletionSource<object?[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On("Pushed", [typeof(string), typeof(int), typeof(Widget)], args =>
        {
            received.TrySetResult(args);
            return Task.CompletedTask;
        });

        await connection.InvokeAsync("Push", ["bolt", 2]).Within();
        var args = await received.Task.Within();

        Assert.Equal("bolt", args[0]);
        Assert.Equal(2, args[1]);
        var widget = Assert.IsType<Widget>(args[2]);
        Assert.Equal(["bolt-0", "bolt-1"], widget.Tags);
    }

    [Fact]
    public async Task Typed_shorthands_bind_and_messages_arrive_in_order()
    {
        await using var connection = await server.ConnectAsync();
        var counts = new ConcurrentQueue<int>();
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<int>("Counted", i =>
        {
            counts.Enqueue(i);
            if (i == 49)
            {
                allArrived.TrySetResult();
            }
        });

        await connection.InvokeAsync("PushCounts", [50]).Within();
        await allArrived.Task.Within();

        Assert.Equal(Enumerable.Range(0, 50), counts);
    }

    [Fact]
    public async Task Method_names_match_case_insensitively()
    {
        await using var connection = await server.ConnectAsync();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<string, int, Widget>("pushed", (text, _, _) => received.TrySetResult(text));

        await connection.InvokeAsync("Push", ["case", 1]).Within();

        Assert.Equal("case", await received.Task.Within());
    }

    [Fact]
    public async Task A_disposed_handler_is_no_longer_called()
    {
        await using var connection = await server.ConnectAsync();
        var removedCalls = 0;
        var kept = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var removed = connection.On<int>("Counted", _ => Interlocked.Increment(ref removedCalls));
        connection.On<int>("Counted", i => kept.TrySetResult(i));

        removed.Dispose();
        await connection.InvokeAsync("PushCounts", [1]).Within();

        Assert.Equal(0, await kept.Task.Within());
        Assert.Equal(0, Volatile.Read(ref removedCalls));
    }

    [Fact]
    public async Task A_handler_may_await_an_invocation_on_the_same_connection()
    {
        await using var connection = await server.ConnectAsync();
        var echoed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<string, int, Widget>("Pushed", async (text, _, _) =>
            echoed.TrySetResult(await connection.InvokeAsync<string>("Echo", [text + " back"])));

        await connection.InvokeAsync("Push", ["call", 1]).Within();

        Assert.Equal("call back", await echoed.Task.Within());
    }

    [Fact]
    public async Task A_failing_handler_does_not_break_the_connection()
    {
        await using var connection = await server.ConnectAsync();
        var later = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<int>("Counted", i =>
        {
            if (i == 0)
            {
                throw new InvalidOperationException("handler bug");
            }
            later.TrySetResult(i);
        });

        await connection.InvokeAsync("PushCounts", [2]).Within();

        Assert.Equal(1, await later.Task.Within());
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task Handlers_of_one_method_must_share_parameter_types()
    {
        await using var connection = await server.ConnectAsync();
        connection.On<int>("Counted", _ => { });

        var error = Assert.Throws<ArgumentException>(() => connection.On<string>("Counted", _ => { }));

        Assert.Contains("Counted", error.Message);
    }

    [Fact]
    public async Task A_push_without_a_handler_is_skipped()
    {
        await using var connection = await server.ConnectAsync();

        await connection.InvokeAsync("Push", ["nobody listens", 1]).Within();

        Assert.Equal(3, await connection.InvokeAsync<int>("Add", [1, 2]).Within());
    }
}
