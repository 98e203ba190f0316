using MessagePack;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Server.Protocols;

/// <summary>
/// The hub protocols the server offers: SignalR's <c>json</c> and its official <c>messagepack</c>.
/// The contract's MessagePack keys are the attributes on the contract types (Feed.Core), so
/// SignalR's default resolver already writes and reads them; the options here only add
/// <see cref="FieldNamingResolver"/> (errors that name the field) and keep
/// <see cref="MessagePackSecurity.UntrustedData"/> (every frame comes from a client).
/// </summary>
internal static class FeedProtocols
{
    public static ISignalRServerBuilder AddFeedProtocols(this ISignalRServerBuilder signalR)
    {
        signalR.AddMessagePackProtocol(options => options.SerializerOptions = SerializerOptions);
        WrapInFeedParsing(signalR.Services);
        return signalR;
    }

    /// <summary>SignalR's own options (its resolver, limits) with the field-naming resolver in front.</summary>
    internal static MessagePackSerializerOptions SerializerOptions { get; } = new MessagePackHubProtocolOptions().SerializerOptions
        .WithResolver(FieldNamingResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>
    /// Wraps every registered protocol in <see cref="FeedParsingHubProtocol"/>, so binding errors
    /// name the field and unknown message types do not stall a connection. The protocols
    /// themselves are SignalR's, created as SignalR would.
    /// </summary>
    private static void WrapInFeedParsing(IServiceCollection services)
    {
        var registered = services.Where(d => d.ServiceType == typeof(IHubProtocol) && d.ImplementationType is not null).ToList();
        foreach (var descriptor in registered)
        {
            var type = descriptor.ImplementationType!;
            services.Remove(descriptor);
            // Add, not TryAddEnumerable: that dedupes on the implementation type, the same for every wrapper.
            services.AddSingleton<IHubProtocol>(sp => new FeedParsingHubProtocol((IHubProtocol)ActivatorUtilities.CreateInstance(sp, type)));
        }
    }
}
