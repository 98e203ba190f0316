using System.Net;

namespace Feed.Server.Tests.Infrastructure;

/// <summary>Waits on a condition (polled, as some have no event), failing with what was seen.</summary>
internal static class Eventually
{
    public static Task Until(Func<bool> condition, Func<string> what, TimeSpan? limit = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, limit);

    public static async Task UntilAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(what());
            }
            await Task.Delay(25);
        }
    }

    /// <summary>Until every server's <c>/readyz</c> answers <paramref name="expected"/>.</summary>
    public static async Task Readiness(IEnumerable<FeedServer> servers, HttpStatusCode expected)
    {
        foreach (var server in servers)
        {
            await UntilAsync(async () => (await server.Http.GetAsync("/readyz")).StatusCode == expected,
                () => $"/readyz of {server.BaseUrl} never became {expected}");
        }
    }
}
