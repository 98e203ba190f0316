using Feed.LoadTest.Graph;

namespace Feed.LoadTest.Tests;

public sealed class SocialGraphTests
{
    [Fact]
    public void The_same_seed_gives_the_same_graph_and_another_seed_another()
    {
        var a = SocialGraph.Generate(connections: 500, authors: 300, follows: 20, skew: 1.0, seed: 7);
        var b = SocialGraph.Generate(connections: 500, authors: 300, follows: 20, skew: 1.0, seed: 7);
        var c = SocialGraph.Generate(connections: 500, authors: 300, follows: 20, skew: 1.0, seed: 8);

        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(a.FollowsOf(i).ToArray(), b.FollowsOf(i).ToArray());
        }
        Assert.Contains(Enumerable.Range(0, 500), i => !a.FollowsOf(i).SequenceEqual(c.FollowsOf(i)));
    }

    [Theory]
    [InlineData(1, 50, 0.0)]
    [InlineData(50, 500, 1.0)]
    [InlineData(200, 300, 2.0)] // nearly every author taken at a steep skew: no rejection loop
    [InlineData(300, 300, 1.0)] // every author
    public void Each_connection_follows_exactly_k_distinct_authors(int follows, int authors, double skew)
    {
        var graph = SocialGraph.Generate(connections: 200, authors, follows, skew, seed: 3);

        Assert.Equal(200L * follows, graph.Memberships);
        for (var i = 0; i < 200; i++)
        {
            var followed = graph.FollowsOf(i).ToArray();
            Assert.Equal(follows, followed.Length);
            Assert.Equal(follows, followed.Distinct().Count());
            Assert.All(followed, author => Assert.InRange(author, 0, authors - 1));
            Assert.All(followed, author => Assert.True(graph.Follows(i, author)));
        }
        Assert.Equal(graph.Memberships, Enumerable.Range(0, authors).Sum(a => (long)graph.FollowersOf(a)));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void With_one_follow_the_top_authors_share_is_the_zipf_probability(double skew)
    {
        const int connections = 20_000;
        const int authors = 100;
        var graph = SocialGraph.Generate(connections, authors, follows: 1, skew, seed: 11);
        var harmonic = Enumerable.Range(1, authors).Sum(rank => 1 / Math.Pow(rank, skew));

        // Rank 0 is drawn with probability 1/H(M, s); the binomial's standard deviation here is under 0.0035.
        Assert.InRange((double)graph.FollowersOf(0) / connections, (1 / harmonic) - 0.015, (1 / harmonic) + 0.015);
        Assert.Equal(graph.FollowersOf(0), graph.TopAuthorFollowers);
        Assert.Equal(0, graph.ByFollowersDescending[0]);
        // The tail: rank 50 gets 1/(51^s H) of the draws.
        Assert.InRange((double)graph.FollowersOf(50) / connections, 0, (1 / (Math.Pow(51, skew) * harmonic)) + 0.006);
    }

    [Fact]
    public void Skew_zero_is_uniform()
    {
        var graph = SocialGraph.Generate(connections: 5_000, authors: 100, follows: 10, skew: 0, seed: 5);

        // Each author is in a follower's 10 of 100 with probability 0.1 (standard deviation 0.0042 over 5,000).
        for (var author = 0; author < 100; author += 9)
        {
            Assert.InRange(graph.FollowersOf(author) / 5_000.0, 0.08, 0.12);
        }
        Assert.InRange(graph.MedianAuthorFollowers, 450, 550);
    }

    [Fact]
    public void A_power_law_gives_a_few_authors_most_followers()
    {
        var graph = SocialGraph.Generate(connections: 2_000, authors: 1_000, follows: 20, skew: 1.0, seed: 1);

        var top10 = graph.ByFollowersDescending.Take(10).Sum(a => (long)graph.FollowersOf(a));
        Assert.True(top10 > graph.Memberships / 5, $"the 10 most-followed of 1,000 authors hold {top10} of {graph.Memberships} follows");
        Assert.True(graph.TopAuthorFollowers > 20 * graph.MedianAuthorFollowers,
            $"top {graph.TopAuthorFollowers} vs median {graph.MedianAuthorFollowers}");
        Assert.Equal(graph.ByFollowersDescending.Select(graph.FollowersOf).OrderDescending(), graph.ByFollowersDescending.Select(graph.FollowersOf));
    }

    [Fact]
    public void More_follows_than_authors_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SocialGraph.Generate(connections: 1, authors: 5, follows: 6, skew: 1, seed: 1));
        Assert.Contains("5 authors", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("top")]
    [InlineData("zipf")]
    [InlineData("uniform")]
    public void The_author_plan_is_repeatable_and_top_starts_with_the_most_followed(string pick)
    {
        var graph = SocialGraph.Generate(connections: 1_000, authors: 200, follows: 5, skew: 1.0, seed: 2);

        var plan = AuthorPlan.Make(graph, pick, posts: 400, seed: 2);

        Assert.Equal(plan, AuthorPlan.Make(graph, pick, posts: 400, seed: 2));
        Assert.All(plan, author => Assert.InRange(author, 0, 199));
        if (pick == AuthorPlan.Top)
        {
            Assert.Equal(graph.ByFollowersDescending.Take(200).Concat(graph.ByFollowersDescending.Take(200)), plan);
        }
        else
        {
            Assert.True(plan.Distinct().Count() > 50, $"{pick} drew only {plan.Distinct().Count()} authors in 400 posts");
        }
    }
}
