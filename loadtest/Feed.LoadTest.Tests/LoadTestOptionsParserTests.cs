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
    }

    [Fact]
    public void Every_option_is_read()
    {
        var options = LoadTestOptionsParser.Parse([
            "--url", "http://127.0.0.1:5001", "--url=http://127.0.0.1:5002/", "--connections", "10000", "--ramp", "2500.5",
            "--publishers", "10", "--rate", "0.5", "--burst=20", "--warmup", "5", "--duration", "60s", "--drain", "2.5",
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
        foreach (var option in new[] { "--url", "--connections", "--ramp", "--publishers", "--rate", "--burst", "--duration",
                     "--drain", "--protocol", "--client", "--setup-concurrency", "--max-pending-connects", "--user-prefix", "--out", "--quiet", "--help" })
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
        Assert.Equal("--connections needs a value.", error.Message);
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
        Assert.Equal(LoadTestProgram.ExitOk, await LoadTestProgram.Main(["--help"]));
    }
}
