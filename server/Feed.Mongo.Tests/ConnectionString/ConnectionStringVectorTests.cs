using System.Text.Json;
using Feed.Testing;
using Xunit.Abstractions;

namespace Feed.Mongo.Tests.ConnectionString;

/// <summary>
/// Runs the shared connection-string vectors: valid strings parse to the expected hosts, auth
/// and options (and warn when expected); invalid ones throw FormatException.
/// </summary>
public sealed class ConnectionStringVectorTests(ITestOutputHelper output)
{
    private static readonly string VectorDirectory = Path.Combine(RepoPaths.Shared, "vectors", "mongodb", "connection-string");

    [Fact]
    public void Every_vector_parses_or_is_rejected_as_expected()
    {
        int passed = 0;
        var failures = new List<string>();
        foreach (var file in Directory.GetFiles(VectorDirectory, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var test in json.RootElement.GetProperty("tests").EnumerateArray())
            {
                var problem = Check(test);
                if (problem is null)
                {
                    passed++;
                }
                else
                {
                    failures.Add($"{Path.GetFileName(file)} '{test.GetProperty("description").GetString()}': {problem}");
                }
            }
        }
        output.WriteLine($"connection-string vectors: {passed} passed, {failures.Count} failed, 0 skipped");
        output.WriteLine("note: mongodb+srv strings are rejected (DNS seed lists are out of scope); every vector using it expects rejection");
        failures.ForEach(output.WriteLine);
        Assert.Empty(failures);
        Assert.True(passed >= 98, $"only {passed} vectors ran");
    }

    private static string? Check(JsonElement test)
    {
        var uri = test.GetProperty("uri").GetString()!;
        MongoUrl url;
        try
        {
            url = MongoUrl.Parse(uri);
        }
        catch (FormatException e)
        {
            return test.GetProperty("valid").GetBoolean() ? $"rejected: {e.Message}" : null;
        }
        if (!test.GetProperty("valid").GetBoolean())
        {
            return "parsed but should be rejected";
        }
        return CheckWarning(test, url) ?? CheckHosts(test, url) ?? CheckAuth(test, url) ?? CheckOptions(test, url);
    }

    private static string? CheckWarning(JsonElement test, MongoUrl url)
    {
        var expected = test.TryGetProperty("warning", out var w) && w.ValueKind == JsonValueKind.True;
        return expected == (url.Warnings.Count > 0) ? null : $"warnings [{string.Join("; ", url.Warnings)}], expected warning={expected}";
    }

    private static string? CheckHosts(JsonElement test, MongoUrl url)
    {
        if (!test.TryGetProperty("hosts", out var hosts) || hosts.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var expected = hosts.EnumerateArray().Select(h => $"{h.GetProperty("type").GetString()} {h.GetProperty("host").GetString()} {Port(h)}");
        var actual = url.Hosts.Select(h => $"{Kind(h.Kind)} {h.Host} {h.Port?.ToString() ?? "null"}");
        return expected.SequenceEqual(actual) ? null : $"hosts [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]";
    }

    private static string Port(JsonElement host) =>
        host.GetProperty("port").ValueKind == JsonValueKind.Null ? "null" : host.GetProperty("port").GetInt32().ToString();

    private static string Kind(MongoHostKind kind) => kind switch
    {
        MongoHostKind.IPv4 => "ipv4",
        MongoHostKind.IPLiteral => "ip_literal",
        MongoHostKind.UnixSocket => "unix",
        _ => "hostname",
    };

    private static string? CheckAuth(JsonElement test, MongoUrl url)
    {
        if (!test.TryGetProperty("auth", out var auth) || auth.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var expected = $"{Text(auth, "username")}|{Text(auth, "password")}|{Text(auth, "db")}";
        var actual = $"{url.Username ?? "null"}|{url.Password ?? "null"}|{url.Database ?? "null"}";
        return expected == actual ? null : $"auth {actual}, expected {expected}";
    }

    private static string Text(JsonElement parent, string name) =>
        parent.GetProperty(name).ValueKind == JsonValueKind.Null ? "null" : parent.GetProperty(name).GetString()!;

    private static string? CheckOptions(JsonElement test, MongoUrl url)
    {
        if (!test.TryGetProperty("options", out var options) || options.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        foreach (var option in options.EnumerateObject())
        {
            var name = option.Name.ToLowerInvariant();
            if (!url.Options.TryGetValue(name, out var actual))
            {
                return $"option {name} missing";
            }
            if (!SameValue(option.Value, actual))
            {
                return $"option {name} is {actual}, expected {option.Value}";
            }
        }
        return null;
    }

    private static bool SameValue(JsonElement expected, object actual) => expected.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => actual is bool b && b == expected.GetBoolean(),
        JsonValueKind.Number => actual is int i && i == expected.GetInt32(),
        JsonValueKind.String => actual is string s && s == expected.GetString(),
        JsonValueKind.Object => actual is IReadOnlyDictionary<string, string> d && d.Count == expected.EnumerateObject().Count()
            && expected.EnumerateObject().All(p => d.TryGetValue(p.Name, out var v) && v == p.Value.GetString()),
        _ => false,
    };
}
