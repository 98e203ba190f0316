namespace Feed.MessagePack;

/// <summary>An extension value other than a timestamp: its type code and raw data.</summary>
public sealed record MessagePackExtension(sbyte TypeCode, byte[] Data);
