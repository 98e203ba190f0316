namespace Feed.LoadTest.Tests;

/// <summary>Tests that read this process's memory run with no other test class running beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAloneCollection
{
    public const string Name = "measured alone";
}
