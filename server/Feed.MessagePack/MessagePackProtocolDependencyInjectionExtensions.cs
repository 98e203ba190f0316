using Feed.MessagePack;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the "messagepack" hub protocol, shaped like the official package's extension.</summary>
public static class MessagePackProtocolDependencyInjectionExtensions
{
    /// <summary>
    /// Enables the "messagepack" hub protocol beside JSON. Register the application's
    /// formatters here: <c>.AddMessagePackProtocol(o =&gt; o.Formatters.Add(new FeedItemFormatter()))</c>.
    /// </summary>
    public static ISignalRServerBuilder AddMessagePackProtocol(this ISignalRServerBuilder builder,
        Action<MessagePackHubProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHubProtocol, MessagePackHubProtocol>());
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }
        return builder;
    }
}
