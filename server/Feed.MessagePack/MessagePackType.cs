namespace Feed.MessagePack;

/// <summary>The format family of the next MessagePack value.</summary>
public enum MessagePackType
{
    /// <summary>The never-used code 0xc1.</summary>
    Unknown,
    Nil,
    Boolean,
    Integer,
    Float,
    String,
    Binary,
    Array,
    Map,
    Extension,
}
