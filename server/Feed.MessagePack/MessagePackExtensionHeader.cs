namespace Feed.MessagePack;

/// <summary>An extension value's type code and the length of the data that follows.</summary>
public readonly record struct MessagePackExtensionHeader(sbyte TypeCode, int Length);
