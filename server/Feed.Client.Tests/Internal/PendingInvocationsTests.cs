using Feed.Client.Internal;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Client.Tests.Internal;

public sealed class PendingInvocationsTests
{
    [Fact]
    public async Task A_completion_with_a_result_completes_the_matching_call_only()
    {
        var pending = new PendingInvocations();
        var first = pending.Add("A", typeof(int), long.MaxValue);
        var second = pending.Add("B", typeof(string), long.MaxValue);

        Assert.Equal(typeof(string), pending.GetReturnType(second.Id));
        Assert.True(pending.TryComplete(CompletionMessage.WithResult(second.Id, "two")));

        Assert.Equal("two", await second.Task);
        Assert.False(first.Task.IsCompleted);
        Assert.Equal(1, pending.Count);
    }

    [Fact]
    public async Task A_completion_with_an_error_fails_with_a_HubException()
    {
        var pending = new PendingInvocations();
        var call = pending.Add("A", typeof(object), long.MaxValue);

        pending.TryComplete(CompletionMessage.WithError(call.Id, "nope"));

        Assert.Equal("nope", (await Assert.ThrowsAsync<HubException>(() => call.Task)).Message);
    }

    [Fact]
    public void Unknown_ids_bind_to_object_and_are_dropped()
    {
        var pending = new PendingInvocations();

        Assert.Equal(typeof(object), pending.GetReturnType("99"));
        Assert.False(pending.TryComplete(CompletionMessage.Empty("99")));
    }

    [Fact]
    public async Task Closing_fails_pending_and_later_calls_with_the_reason()
    {
        var pending = new PendingInvocations();
        var before = pending.Add("Before", typeof(object), long.MaxValue);
        var reason = new TimeoutException("gone");

        pending.CloseAll(reason);
        var after = pending.Add("After", typeof(object), long.MaxValue);

        var first = await Assert.ThrowsAsync<HubConnectionException>(() => before.Task);
        var second = await Assert.ThrowsAsync<HubConnectionException>(() => after.Task);
        Assert.Same(reason, first.InnerException);
        Assert.Contains("'After'", second.Message);
    }

    [Fact]
    public async Task Calls_past_their_deadline_time_out()
    {
        var pending = new PendingInvocations();
        var due = pending.Add("Due", typeof(object), deadline: 100);
        var later = pending.Add("Later", typeof(object), deadline: 300);

        pending.ExpireDueBy(200, TimeSpan.FromSeconds(1));

        Assert.Contains("'Due'", (await Assert.ThrowsAsync<TimeoutException>(() => due.Task)).Message);
        Assert.False(later.Task.IsCompleted);
        Assert.Equal(1, pending.Count);
    }
}
