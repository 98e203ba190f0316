using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Feed.Redis;

/// <summary>
/// One argument of a command (the command name included), sent as a RESP bulk string:
/// text (UTF-8), bytes, or an integer. Converts implicitly, so
/// <c>ExecuteAsync("SET", key, payload)</c> reads like the Redis command.
/// </summary>
public readonly struct RedisArgument
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _integer;
    private readonly Form _form;

    private enum Form : byte
    {
        Bytes,
        Text,
        Integer,
    }

    private RedisArgument(string? text, ReadOnlyMemory<byte> bytes, long integer, Form form)
    {
        _text = text;
        _bytes = bytes;
        _integer = integer;
        _form = form;
    }

    public static implicit operator RedisArgument(string text) =>
        new(text ?? throw new ArgumentNullException(nameof(text), "A Redis argument cannot be null."), default, 0, Form.Text);

    public static implicit operator RedisArgument(ReadOnlyMemory<byte> bytes) => new(null, bytes, 0, Form.Bytes);

    public static implicit operator RedisArgument(byte[] bytes) =>
        new(null, bytes ?? throw new ArgumentNullException(nameof(bytes), "A Redis argument cannot be null."), 0, Form.Bytes);

    public static implicit operator RedisArgument(long integer) => new(null, default, integer, Form.Integer);

    /// <summary>Bytes this argument takes on the wire, without the bulk string framing.</summary>
    internal int ByteCount => _form switch
    {
        Form.Text => Encoding.UTF8.GetByteCount(_text!),
        Form.Integer => FormatInteger(stackalloc byte[20]),
        _ => _bytes.Length,
    };

    /// <summary>Writes the argument's bytes; <paramref name="destination"/> holds exactly <see cref="ByteCount"/>.</summary>
    internal void CopyTo(Span<byte> destination)
    {
        switch (_form)
        {
            case Form.Text:
                Encoding.UTF8.GetBytes(_text!, destination);
                break;
            case Form.Integer:
                FormatInteger(destination);
                break;
            default:
                _bytes.Span.CopyTo(destination);
                break;
        }
    }

    /// <summary>The argument as text, for error messages (the command name is always text).</summary>
    public override string ToString() => _form switch
    {
        Form.Text => _text!,
        Form.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        _ => $"<{_bytes.Length} bytes>",
    };

    private int FormatInteger(Span<byte> destination)
    {
        Utf8Formatter.TryFormat(_integer, destination, out var written);
        return written;
    }
}
