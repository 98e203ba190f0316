using Microsoft.Extensions.Logging;

namespace Feed.SignalR.Delivery;

/// <summary>Publishing never waits for delivery; a send that completes later is still watched, and its failure logged.</summary>
internal static class SendObserver
{
    public static void Observe(Task send, string method, string target, ILogger logger)
    {
        if (!send.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(send, method, target, logger);
        }
    }

    private static async Task ObserveAsync(Task send, string method, string target, ILogger logger)
    {
        try
        {
            await send;
        }
        catch (Exception e)
        {
            DeliveryLog.GroupSendFailed(logger, method, target, e);
        }
    }
}
