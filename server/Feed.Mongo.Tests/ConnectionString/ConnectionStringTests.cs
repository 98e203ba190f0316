namespace Feed.Mongo.Tests.ConnectionString;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Typed_settings_come_from_options_with_defaults()
    {
        var url = MongoUrl.Parse("mongodb://u%40x:p%3Aw@h1:1234,h2/feed?authSource=admin&appName=feed&maxPoolSize=5&minPoolSize=1" +
            "&waitQueueTimeoutMS=250&connectTimeoutMS=2000&socketTimeoutMS=3000&serverSelectionTimeoutMS=4000&directConnection=true&replicaSet=rs0");
        Assert.Equal("u@x", url.Username);
        Assert.Equal("p:w", url.Password);
        Assert.Equal("feed", url.Database);
        Assert.Equal("admin", url.AuthSource);
        Assert.Equal("feed", url.AppName);
        Assert.Equal(5, url.MaxPoolSize);
        Assert.Equal(1, url.MinPoolSize);
        Assert.Equal(TimeSpan.FromMilliseconds(250), url.WaitQueueTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), url.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), url.SocketTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4), url.ServerSelectionTimeout);
        Assert.True(url.DirectConnection);
        Assert.Equal("rs0", url.ReplicaSet);
        Assert.Equal(["h1:1234", "h2:27017"], url.Hosts.Select(h => h.ToString()));
        Assert.Empty(url.Warnings);
        Assert.DoesNotContain("p:w", url.ToString());
    }

    [Fact]
    public void Defaults_apply_without_options()
    {
        var url = MongoUrl.Parse("mongodb://localhost");
        Assert.Null(url.Database);
        Assert.Equal("admin", url.AuthSource);
        Assert.Equal(100, url.MaxPoolSize);
        Assert.Equal(TimeSpan.FromSeconds(30), url.ServerSelectionTimeout);
        Assert.False(url.HasCredentials);
    }

    [Theory]
    [InlineData("http://localhost", "must start with")]
    [InlineData("mongodb://", "no host")]
    [InlineData("mongodb://h:0", "not 1..65535")]
    [InlineData("mongodb://h/?w", "has no '=value'")]
    [InlineData("mongodb://a%zz:b@h", "'%'")]
    [InlineData("mongodb+srv://cluster.example.com", "not supported")]
    public void Invalid_strings_name_the_problem(string uri, string expected)
    {
        var error = Assert.Throws<FormatException>(() => MongoUrl.Parse(uri));
        Assert.Contains(expected, error.Message);
    }
}
