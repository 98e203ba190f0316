namespace Feed.Mongo.Bson;

/// <summary>One name/value pair of a document.</summary>
public readonly record struct BsonElement(string Name, BsonValue Value);
