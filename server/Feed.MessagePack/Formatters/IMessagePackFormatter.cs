namespace Feed.MessagePack;

/// <summary>
/// The untyped side of a formatter, used when the type is known only at run time (hub
/// arguments). Implement <see cref="IMessagePackFormatter{T}"/> instead: it supplies these members.
/// </summary>
public interface IMessagePackFormatter
{
    /// <summary>The type this formatter reads and writes.</summary>
    Type ValueType { get; }

    void WriteObject(ref MessagePackWriter writer, object? value);

    object? ReadObject(ref MessagePackReader reader);
}

/// <summary>
/// Reads and writes one type. Add an instance to
/// <see cref="MessagePackHubProtocolOptions.Formatters"/>. For reference types the registry
/// handles nil itself, so <see cref="Write"/> never sees null and <see cref="Read"/> never sees
/// nil when called through the registry. Throw <see cref="InvalidDataException"/> on bad input.
/// </summary>
/// <example>
/// <code>
/// sealed class PointFormatter : IMessagePackFormatter&lt;Point&gt;
/// {
///     private static readonly MessagePackMapKeys Keys = new("Point", ["x", "y"], required: ["x", "y"]);
///
///     public void Write(ref MessagePackWriter writer, Point value)
///     {
///         writer.WriteMapHeader(2);
///         writer.Write("x");
///         writer.Write(value.X);
///         writer.Write("y");
///         writer.Write(value.Y);
///     }
///
///     public Point Read(ref MessagePackReader reader)
///     {
///         int x = 0, y = 0;
///         var map = Keys.ReadMap(ref reader);
///         while (map.TryReadKey(ref reader, out var key))
///         {
///             switch (key)
///             {
///                 case "x": x = reader.ReadInt32(); break;
///                 case "y": y = reader.ReadInt32(); break;
///             }
///         }
///         map.EnsureRequiredKeys();
///         return new Point(x, y);
///     }
/// }
/// </code>
/// </example>
public interface IMessagePackFormatter<T> : IMessagePackFormatter
{
    void Write(ref MessagePackWriter writer, T value);

    T Read(ref MessagePackReader reader);

    Type IMessagePackFormatter.ValueType => typeof(T);

    void IMessagePackFormatter.WriteObject(ref MessagePackWriter writer, object? value) => Write(ref writer, (T)value!);

    object? IMessagePackFormatter.ReadObject(ref MessagePackReader reader) => Read(ref reader);
}
