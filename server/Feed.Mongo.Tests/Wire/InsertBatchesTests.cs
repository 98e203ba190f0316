using Feed.Mongo.Connection;

namespace Feed.Mongo.Tests.Wire;

public sealed class InsertBatchesTests
{
    private static readonly ServerDescription Limits = ServerDescription.Initial with
    {
        MaxWriteBatchSize = 3,
        MaxBsonObjectSize = 100,
        MaxMessageSizeBytes = InsertBatches.Overhead + 250,
    };

    private static ReadOnlyMemory<byte>[] Docs(params int[] sizes) => sizes.Select(s => (ReadOnlyMemory<byte>)new byte[s]).ToArray();

    [Fact]
    public void Splits_by_max_write_batch_size()
    {
        var batches = InsertBatches.Split(Docs(10, 10, 10, 10, 10, 10, 10), Limits).ToList();
        Assert.Equal([0, 3, 6], batches.Select(b => b.Offset));
        Assert.Equal([3, 3, 1], batches.Select(b => b.Batch.Count));
    }

    [Fact]
    public void Splits_by_message_size()
    {
        var batches = InsertBatches.Split(Docs(100, 100, 60, 90), Limits).ToList();
        Assert.Equal([2, 2], batches.Select(b => b.Batch.Count));
        Assert.Equal([0, 2], batches.Select(b => b.Offset));
    }

    [Fact]
    public void Rejects_a_document_over_max_bson_object_size()
    {
        var error = Assert.Throws<ArgumentException>(() => InsertBatches.Split(Docs(10, 101), Limits).ToList());
        Assert.Contains("document 1 is 101 bytes", error.Message);
    }
}
