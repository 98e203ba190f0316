using Feed.LoadTest.Clients.Raw;
using Feed.LoadTest.Delivery;

namespace Feed.LoadTest.Clients;

/// <summary>The clients <c>--client</c> names, each speaking the tester's protocols (<see cref="LoadTestProtocols"/>).</summary>
internal static class LoadTestClients
{
    public static ILoadTestClient Create(string client, string protocol, HttpMessageInvoker http) => client switch
    {
        "official" => new OfficialLoadTestClient(LoadTestProtocols.FromName(protocol)),
        "raw" => new RawLoadTestClient(LoadTestProtocols.FromName(protocol), http),
        _ => throw new ArgumentException($"Unknown client '{client}': use 'official' or 'raw'.", nameof(client)),
    };
}
