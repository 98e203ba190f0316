namespace Feed.Mongo.Internal.ConnectionString;

internal enum UriOptionKind
{
    Integer,
    Boolean,
    Text,
    List,
    Properties,
    Tags,
    WriteConcern,
}
