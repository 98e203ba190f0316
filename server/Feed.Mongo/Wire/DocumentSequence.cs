namespace Feed.Mongo.Wire;

/// <summary>
/// An outgoing OP_MSG kind-1 section: a named run of already encoded documents (for example
/// the "documents" of an insert), sent without wrapping them in an array.
/// </summary>
internal sealed record DocumentSequence(string Identifier, IReadOnlyList<ReadOnlyMemory<byte>> Documents)
{
    public int EncodedSize => 4 + System.Text.Encoding.UTF8.GetByteCount(Identifier) + 1 + Documents.Sum(d => d.Length);
}
