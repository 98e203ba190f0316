using Microsoft.AspNetCore.SignalR;

namespace Feed.Client.Tests.TestServer;

public sealed record Widget(string Name, int Count, string[] Tags, long CreatedAt);

/// <summary>A small hub exercising results, errors, pushes and server-side closes.</summary>
public sealed class TestHub(HubProbe probe) : Hub
{
    public const string FailOnConnectQuery = "failOnConnect";

    public override Task OnConnectedAsync()
    {
        if (Context.GetHttpContext()?.Request.Query.ContainsKey(FailOnConnectQuery) == true)
        {
            throw new InvalidOperationException("refused by OnConnectedAsync");
        }
        return Task.CompletedTask;
    }

    public string Echo(string text) => text;

    public int Add(int a, int b) => a + b;

    public Widget MakeWidget(string name, int count) =>
        new(name, count, [.. Enumerable.Range(0, count).Select(i => $"{name}-{i}")], 1_700_000_000_000L + count);

    public void Remember(string key, string value) => probe.Remember(key, value);

    public async Task<int> EchoAfter(int value, int delayMilliseconds)
    {
        // Varying delays with parallel invocations make completions arrive out of order.
        await Task.Delay(delayMilliseconds);
        return value;
    }

    public void Fail(string message) => throw new HubException(message);

    public void FailUnexpectedly() => throw new InvalidOperationException("unexpected detail");

    public Task Push(string text, int number) =>
        Clients.Caller.SendAsync("Pushed", text, number, MakeWidget(text, number));

    public async Task PushCounts(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Clients.Caller.SendAsync("Counted", i);
        }
    }

    public Task Hang() => Task.Delay(Timeout.Infinite, Context.ConnectionAborted);

    public void AbortMe() => Context.Abort();
}
