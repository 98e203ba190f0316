using System.Text;
using Feed.Core;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using static Feed.Mongo.MongoFeedSchema;

namespace Feed.Mongo;

/// <summary>
/// The posts collection's documents, <c>{ _id: ObjectId, authorId, text, createdAt: Date }</c>,
/// read into and written from <see cref="Post"/> directly. Written by hand rather than left to a
/// class map because it runs for every post of every feed page: a class map builds a document
/// object, boxes the ObjectId and the date through its setters and allocates a name decoder per
/// document, then the store converts the result again (measured in docs/benchmarks.md, MongoDB
/// store). Fields written by other tools or a later version are skipped.
/// </summary>
internal sealed class PostSerializer : SealedClassSerializerBase<Post>
{
    public static readonly PostSerializer Instance = new();

    /// <summary>Makes this the serializer the driver uses for <see cref="Post"/> (its serializer
    /// registry is process-wide); fails loudly if another one got there first.</summary>
    public static void Register()
    {
        if (!BsonSerializer.TryRegisterSerializer(Instance) && BsonSerializer.LookupSerializer<Post>() is not PostSerializer)
        {
            throw new InvalidOperationException(
                $"Another BSON serializer is registered for {typeof(Post).FullName}; the MongoDB store needs {nameof(PostSerializer)} for the posts collection.");
        }
    }

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, Post value)
    {
        var writer = context.Writer;
        writer.WriteStartDocument();
        writer.WriteObjectId(Id, PostObjectId(value.Id));
        writer.WriteString(AuthorId, value.AuthorId);
        writer.WriteString(Text, value.Text);
        writer.WriteDateTime(CreatedAt, value.CreatedAt);
        writer.WriteEndDocument();
    }

    protected override Post DeserializeValue(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        var reader = context.Reader;
        reader.ReadStartDocument();
        ObjectId? id = null;
        string? authorId = null, text = null;
        long? createdAt = null;
        while (reader.ReadBsonType() != BsonType.EndOfDocument)
        {
            switch (reader.ReadName(PostFieldNames.Instance))
            {
                case Id:
                    id = Expect(reader, BsonType.ObjectId, Id).ReadObjectId();
                    break;
                case AuthorId:
                    authorId = Expect(reader, BsonType.String, AuthorId).ReadString();
                    break;
                case Text:
                    text = Expect(reader, BsonType.String, Text).ReadString();
                    break;
                case CreatedAt:
                    createdAt = Expect(reader, BsonType.DateTime, CreatedAt).ReadDateTime();
                    break;
                default:
                    reader.SkipValue();
                    break;
            }
        }
        reader.ReadEndDocument();
        return new Post(
            id?.ToString() ?? throw Missing(Id),
            authorId ?? throw Missing(AuthorId),
            text ?? throw Missing(Text),
            createdAt ?? throw Missing(CreatedAt));
    }

    private static IBsonReader Expect(IBsonReader reader, BsonType type, string field) =>
        reader.CurrentBsonType == type
            ? reader
            : throw new FormatException($"A posts document has {field} of BSON type {reader.CurrentBsonType}; Feed reads it as {type}.");

    private static FormatException Missing(string field) => new($"A posts document has no {field}.");

    /// <summary>Returns the field-name constants for the posts fields instead of decoding a new
    /// string for every field of every document; any other name is decoded as usual.</summary>
    private sealed class PostFieldNames : INameDecoder
    {
        public static readonly PostFieldNames Instance = new();
        private static readonly byte[] IdName = Encoding.UTF8.GetBytes(Id);
        private static readonly byte[] AuthorIdName = Encoding.UTF8.GetBytes(AuthorId);
        private static readonly byte[] TextName = Encoding.UTF8.GetBytes(Text);
        private static readonly byte[] CreatedAtName = Encoding.UTF8.GetBytes(CreatedAt);

        public string Decode(BsonStream stream, UTF8Encoding encoding)
        {
            var bytes = stream.ReadCStringBytes();
            ReadOnlySpan<byte> name = bytes;
            return name.SequenceEqual(IdName) ? Id
                : name.SequenceEqual(AuthorIdName) ? AuthorId
                : name.SequenceEqual(TextName) ? Text
                : name.SequenceEqual(CreatedAtName) ? CreatedAt
                : encoding.GetString(name);
        }

        public void Inform(string name)
        {
        }
    }
}
