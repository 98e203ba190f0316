namespace Feed.MessagePack;

/// <summary>Nil for null around a reference-type formatter, so formatters never see null.</summary>
internal sealed class NilFormatter<T>(IMessagePackFormatter<T> inner) : IMessagePackFormatter<T?>
    where T : class
{
    public IMessagePackFormatter<T> Inner => inner;

    public void Write(ref MessagePackWriter writer, T? value)
    {
        if (value is null)
        {
            writer.WriteNil();
        }
        else
        {
            inner.Write(ref writer, value);
        }
    }

    public T? Read(ref MessagePackReader reader) => reader.TryReadNil() ? null : inner.Read(ref reader);
}

/// <summary><see cref="Nullable{T}"/> as nil or the underlying value.</summary>
internal sealed class NullableFormatter<T>(IMessagePackFormatter<T> inner) : IMessagePackFormatter<T?>
    where T : struct
{
    public void Write(ref MessagePackWriter writer, T? value)
    {
        if (value is { } present)
        {
            inner.Write(ref writer, present);
        }
        else
        {
            writer.WriteNil();
        }
    }

    public T? Read(ref MessagePackReader reader) => reader.TryReadNil() ? null : inner.Read(ref reader);
}
