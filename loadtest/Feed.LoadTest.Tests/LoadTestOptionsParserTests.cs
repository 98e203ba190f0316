using Feed.LoadTest.Options;

namespace Feed.LoadTest.Tests;

public sealed class LoadTestOptionsParserTests
{
    [Fact]
    public void No_arguments_give_the_defaults()
    {
        var options = LoadTestOptionsParser.Parse([]);
        Assert.Equal([new Uri("http://localhost:5000")], options.Urls);
        Assert.Equal(1000, options.Connections);
        Assert.Equal(1000, options.Ramp);
        Assert.Equal(1, options.Publishers);
        Assert.Equal(1, options.Rate);
        Assert.Equal(0, options.Burst);
        Assert.Equal(0, options.Warmup);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Duration);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Drain);
        Assert.Equal("json", options.Protocol);
        Assert.Equal("raw", options.Client);
        Assert.Null(options.OutFile);
        Assert.Null(options.AdminKey);
        Assert.False(options.Quiet);
        Assert.False(options.ShowHelp);
        Assert.Matches("^lt[0-9a-f]{6}$", options.UserPrefix);
        Assert.Equal(0, options.Authors);
        Assert.False(options.IsGraph);
        Assert.Equal(1, options.Follows);
        Assert.Equal(1.0, options.Skew);
        Assert.Equal(1, options.Seed);
        Assert.Equal("zipf", options.AuthorPick);
        Assert.Null(options.Redis);
    }

    [Fact]
    public void The_graph_options_are_read()
    {
        var options = LoadTestOptionsParser.Parse([
            "--authors", "5000", "--follows=200", "--skew", "1.2", "--seed", "42", "--author-pick", "top", "--redis", "127.0.0.1:6390",
        ]);
        Assert.True(options.IsGraph);
        Assert.Equal(5000, options.Authors);
        Assert.Equal(200, options.Follows);
        Assert.Equal(1.2, options.Skew);
        Assert.Equal(42, options.Seed);
        Assert.Equal("top", options.AuthorPick);
        Assert.Equal("127.0.0.1:6390", options.Redis);
        Assert.Equal(0, LoadTestOptionsParser.Parse(["--authors", "10", "--skew", "0"]).Skew);
    }

    [Theory]
    [InlineData(new[] { "--follows", "0" }, "--follows")]
    [InlineData(new[] { "--authors", "10", "--follows", "0" }, "--follows")]
    [InlineData(new[] { "--skew", "-1" }, "--skew")]
    [InlineData(new[] { "--authors", "10", "--skew", "-1" }, "--skew")]
    [InlineData(new[] { "--authors", "10", "--skew", "many" }, "--skew")]
    [InlineData(new[] { "--authors" }, "'--authors'")]
    [InlineData(new[] { "--authors", "ten" }, "--authors")]
    [InlineData(new[] { "--authors", "--follows", "3" }, "--authors")]
    [InlineData(new[] { "--authors", "10", "--author-pick", "celebrity" }, "--author-pick")]
    [InlineData(new[] { "--redis", "localhost" }, "--redis")]
    [InlineData(new[] { "--follows", "3" }, "--follows: applies to the graph workload only")]
    [InlineData(new[] { "--authors", "10", "--publishers", "2" }, "--publishers")]
    public void Bad_graph_options_name_the_option(string[] args, string expected)
    {
        var error = Assert.Throws<FormatException>(() => LoadTestOptionsParser.Parse(args));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void More_follows_than_authors_is_a_usage_error_naming_both()
    {
        var error = Assert.Throws<FormatException>(() => LoadTestOptionsParser.Parse(["--authors", "10", "--follows", "11"]));
        Assert.Contains("--follows 11", error.Message, StringComparison.Ordinal);
        Assert.Contains("--authors 10", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, LoadTestOptionsParser.Parse(["--authors", "10", "--follows", "10"]).Follows);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var options = LoadTestOptionsParser.Parse([
            "--url", "http://127.0.0.1:5001", "--url=http://127.0.0.1:5002/", "--connections", "10000", "--ramp", "2500.5",
            "--publishers", "10", "--rate", "0.5", "--burst=20", "--warmup", "5", "--jit-wait", "7", "--duration", "60s", "--drain", "2.5",
            "--protocol", "messagepack", "--client", "official", "--setup-concurrency", "8", "--max-pending-connects", "50",
            "--user-prefix", "run_1-a", "--admin-key", "k3y", "--out", "/tmp/r.json", "--quiet",
        ]);
        Assert.Equal([new Uri("http://127.0.0.1:5001"), new Uri("http://127.0.0.1:5002/")], options.Urls);
        Assert.Equal(10000, options.Connections);
        Assert.Equal(2500.5, options.Ramp);
        Assert.Equal(10, options.Publishers);
        Assert.Equal(0.5, options.Rate);
        Assert.Equal(20, options.Burst);
        Assert.Equal(5, options.Warmup);
        Assert.Equal(TimeSpan.FromSeconds(7), options.JitWait);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Duration);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Drain);
        Assert.Equal("messagepack", options.Protocol);
        Assert.Equal("official", options.Client);
        Assert.Equal(8, options.SetupConcurrency);
        Assert.Equal(50, options.MaxPendingConnects);
        Assert.Equal("run_1-a", options.UserPrefix);
        Assert.Equal("k3y", options.AdminKey);
        Assert.Equal("/tmp/r.json", options.OutFile);
        Assert.True(options.Quiet);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Help_is_recognized(string flag) => Assert.True(LoadTestOptionsParser.Parse([flag]).ShowHelp);

    [Fact]
    public void The_help_text_names_every_option()
    {
        foreach (var option in new[] { "--url", "--connections", "--ramp", "--publishers", "--rate", "--burst", "--warmup", "--jit-wait", "--duration",
                     "--drain", "--protocol", "--client", "--setup-concurrency", "--max-pending-connects", "--user-prefix", "--out", "--quiet", "--help",
                     "--authors", "--follows", "--skew", "--seed", "--author-pick", "--redis", "zipf, uniform, top" })
        {
            Assert.Contains(option, LoadTestOptionsParser.Help, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--connections", "abc", "--connections")]
    [InlineData("--connections", "-1", "--connections")]
    [InlineData("--connections", "1.5", "--connections")]
    [InlineData("--ramp", "0", "--ramp")]
    [InlineData("--rate", "-3", "--rate")]
    [InlineData("--rate", "NaN", "--rate")]
    [InlineData("--publishers", "x", "--publishers")]
    [InlineData("--burst", "-2", "--burst")]
    [InlineData("--duration", "ten", "--duration")]
    [InlineData("--duration", "-1", "--duration")]
    [InlineData("--drain", "999999", "--drain")]
    [InlineData("--protocol", "xml", "--protocol")]
    [InlineData("--client", "signalr", "--client")]
    [InlineData("--url", "localhost:5000", "--url")]
    [InlineData("--url", "ftp://host/", "--url")]
    [InlineData("--setup-concurrency", "0", "--setup-concurrency")]
    [InlineData("--user-prefix", "bad prefix", "--user-prefix")]
    public void Bad_values_name_the_option(string name, string value, string expected)
    {
        var error = Assert.Throws<FormatException>(() => LoadTestOptionsParser.Parse([name, value]));
        Assert.StartsWith(expected + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_value_is_reported()
    {
        var error = Assert.Throws<FormatException>(() => LoadTestOptionsParser.Parse(["--connections"]));
        Assert.Contains("'--connections'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_is_reported()
    {
        var error = Assert.Throws<FormatException>(() => LoadTestOptionsParser.Parse(["--conections", "5"]));
        Assert.Contains("'--conections'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_line_exits_1_on_bad_usage_and_0_for_help()
    {
        Assert.Equal(LoadTestProgram.ExitUsageOrCrash, await LoadTestProgram.Main(["--protocol", "xml"]));
        Assert.Equal(LoadTestProgram.ExitUsageOrCrash, await LoadTestProgram.Main(["--follows", "0"]));
        Assert.Equal(LoadTestProgram.ExitUsageOrCrash, await LoadTestProgram.Main(["--skew", "-1"]));
        Assert.Equal(LoadTestProgram.ExitUsageOrCrash, await LoadTestProgram.Main(["--authors"]));
        Assert.Equal(LoadTestProgram.ExitOk, await LoadTestProgram.Main(["--help"]));
    }
}
