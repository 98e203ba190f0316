namespace Feed.MessagePack;

/// <summary>
/// Options for <see cref="MessagePackHubProtocol"/>: the formatters for the application's own
/// types (there is no reflection serializer), and the nesting limit for incoming data.
/// </summary>
public sealed class MessagePackHubProtocolOptions
{
    /// <summary>
    /// Formatters for application types, e.g. <c>options.Formatters.Add(new FeedItemFormatter())</c>.
    /// Later entries win over earlier ones and over the built-ins (string, bool, the integer
    /// types, float, double, byte[], DateTime, object); arrays, lists, nullables and
    /// string-keyed dictionaries of any registered type need no registration.
    /// </summary>
    public IList<IMessagePackFormatter> Formatters { get; } = new List<IMessagePackFormatter>();

    /// <summary>How deeply incoming values may nest (see <see cref="MessagePackReader.MaxDepth"/>).</summary>
    public int MaxDepth { get; set; } = MessagePackReader.DefaultMaxDepth;
}
