namespace Feed.Mongo.Wire;

/// <summary>OP_MSG flagBits. Bits 0-15 are "required": a reader must reject unknown ones.</summary>
[Flags]
internal enum OpMsgFlags : uint
{
    None = 0,
    ChecksumPresent = 1 << 0,
    MoreToCome = 1 << 1,
    ExhaustAllowed = 1 << 16,
    KnownRequired = ChecksumPresent | MoreToCome,
    RequiredMask = 0xFFFF,
}
