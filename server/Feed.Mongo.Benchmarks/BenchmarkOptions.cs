using System.Globalization;

namespace Feed.Mongo.Benchmarks;

/// <summary>Command-line settings: <c>--seconds</c> per measured phase, <c>--concurrency</c> callers,
/// <c>--authors</c> followed by the reader, <c>--posts</c> per author, <c>--rounds</c> of both sides.</summary>
internal sealed record BenchmarkOptions(int Seconds, int Concurrency, int Authors, int PostsPerAuthor, int Rounds)
{
    public const int PageSize = 20;

    /// <summary>FeedService asks for one more than the page to learn whether there is a next page.</summary>
    public const int Take = PageSize + 1;

    public static BenchmarkOptions Parse(string[] args)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["--seconds"] = 10,
            ["--concurrency"] = 16,
            ["--authors"] = 50,
            ["--posts"] = 40,
            ["--rounds"] = 2,
        };
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!values.ContainsKey(args[i]) || i + 1 >= args.Length
                || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                throw new ArgumentException($"unknown option or bad value at '{args[i]}'; options: {string.Join(", ", values.Keys)} followed by a positive integer");
            }
            values[args[i]] = value;
        }
        return new BenchmarkOptions(values["--seconds"], values["--concurrency"], values["--authors"], values["--posts"], values["--rounds"]);
    }
}
