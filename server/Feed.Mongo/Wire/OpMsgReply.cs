using Feed.Mongo.Bson;

namespace Feed.Mongo.Wire;

/// <summary>A decoded OP_MSG: the body section and any document sequences by identifier.</summary>
internal sealed record OpMsgReply(
    int RequestId,
    int ResponseTo,
    OpMsgFlags Flags,
    BsonDocument Body,
    IReadOnlyDictionary<string, IReadOnlyList<BsonDocument>> Sequences);
