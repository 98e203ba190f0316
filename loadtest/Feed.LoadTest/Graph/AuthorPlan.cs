namespace Feed.LoadTest.Graph;

/// <summary>Which author makes each post of a graph run (<c>--author-pick</c>), decided up front from the seed.</summary>
internal static class AuthorPlan
{
    public const string Zipf = "zipf";
    public const string Uniform = "uniform";
    public const string Top = "top";

    public static int[] Make(SocialGraph graph, string pick, int posts, int seed)
    {
        // Its own stream, so the posts do not depend on how many draws the graph took.
        var random = new Random(unchecked((seed * 7919) + 17));
        var law = pick == Zipf ? new ZipfLaw(graph.Authors, graph.Skew) : null;
        var plan = new int[posts];
        for (var i = 0; i < posts; i++)
        {
            plan[i] = pick switch
            {
                // The celebrity case: the most-followed author first, then the next, round and round.
                Top => graph.ByFollowersDescending[i % graph.Authors],
                Uniform => random.Next(graph.Authors),
                Zipf => law!.Draw(random),
                _ => throw new ArgumentException($"'{pick}' is not an author pick; use {Zipf}, {Uniform} or {Top}.", nameof(pick)),
            };
        }
        return plan;
    }
}
