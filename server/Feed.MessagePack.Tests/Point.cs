namespace Feed.MessagePack.Tests;

/// <summary>An application type with a hand-written formatter: a camelCase map, like the feed's contract types.</summary>
public sealed record Point(int X, int Y, string? Label);

internal sealed class PointFormatter : IMessagePackFormatter<Point>
{
    private static readonly MessagePackMapKeys Keys = new("Point", ["x", "y", "label"], required: ["x", "y"]);

    public void Write(ref MessagePackWriter writer, Point value)
    {
        writer.WriteMapHeader(3);
        writer.Write("x");
        writer.Write(value.X);
        writer.Write("y");
        writer.Write(value.Y);
        writer.Write("label");
        writer.Write(value.Label);
    }

    public Point Read(ref MessagePackReader reader)
    {
        int x = 0, y = 0;
        string? label = null;
        var map = Keys.ReadMap(ref reader);
        while (map.TryReadKey(ref reader, out var key))
        {
            switch (key)
            {
                case "x":
                    x = reader.ReadInt32();
                    break;
                case "y":
                    y = reader.ReadInt32();
                    break;
                case "label":
                    label = reader.ReadNullableString();
                    break;
            }
        }
        map.EnsureRequiredKeys();
        return new Point(x, y, label);
    }
}
