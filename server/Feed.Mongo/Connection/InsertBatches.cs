namespace Feed.Mongo.Connection;

/// <summary>
/// Splits encoded documents into insert batches within the server's limits: at most
/// maxWriteBatchSize documents and maxMessageSizeBytes per message (less room for the header
/// and command body), each document at most maxBsonObjectSize.
/// </summary>
internal static class InsertBatches
{
    /// <summary>Room left for the message header, flags, command body and section framing.</summary>
    public const int Overhead = 16 * 1024;

    public static IEnumerable<(int Offset, List<ReadOnlyMemory<byte>> Batch)> Split(IReadOnlyList<ReadOnlyMemory<byte>> documents, ServerDescription server)
    {
        var budget = server.MaxMessageSizeBytes - Overhead;
        var batch = new List<ReadOnlyMemory<byte>>();
        var offset = 0;
        var size = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            var length = documents[i].Length;
            if (length > server.MaxBsonObjectSize)
            {
                throw new ArgumentException($"document {i} is {length} bytes, over the server's maxBsonObjectSize {server.MaxBsonObjectSize}");
            }
            if (batch.Count > 0 && (batch.Count == server.MaxWriteBatchSize || size + length > budget))
            {
                yield return (offset, batch);
                batch = new List<ReadOnlyMemory<byte>>();
                offset = i;
                size = 0;
            }
            batch.Add(documents[i]);
            size += length;
        }
        yield return (offset, batch);
    }
}
