using System.Globalization;

namespace Feed.Core;

/// <summary>The contract's input rules; each failure names the field and the limit.</summary>
public static class FeedValidation
{
    public const int MaxUserIdLength = 64;
    public const int MaxTextCodePoints = 500;
    public const int MaxLimit = 100;
    public const int DefaultLimit = 20;

    /// <summary>The rule for user ids, as messages state it: ids are safe in group and channel names and URLs.</summary>
    public const string UserIdRule = "1 to 64 characters from [A-Za-z0-9_-]";

    public static bool IsUserId(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxUserIdLength && PostId.IsValid(value);

    public static string UserId(string? value, string field = "userId")
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new FeedValidationException(field, $"{field} is required ({UserIdRule})");
        }
        if (!IsUserId(value))
        {
            throw new FeedValidationException(field, $"{field} must be {UserIdRule}");
        }
        return value;
    }

    /// <summary>Trims the text and checks it is 1..500 code points; returns the trimmed text.</summary>
    public static string PostText(string? value)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new FeedValidationException("text", $"text is required: 1 to {MaxTextCodePoints} characters after trimming");
        }
        var codePoints = CountCodePoints(trimmed);
        if (codePoints > MaxTextCodePoints)
        {
            throw new FeedValidationException("text", $"text is {codePoints} characters; the limit is {MaxTextCodePoints}");
        }
        return trimmed;
    }

    /// <summary>Checks a query and turns it into a store range and a page size.</summary>
    public static (PostRange Range, int Limit) Query(FeedQuery? query)
    {
        query ??= new FeedQuery();
        var limit = query.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            throw new FeedValidationException("limit", $"limit must be between 1 and {MaxLimit} (got {limit.ToString(CultureInfo.InvariantCulture)})");
        }
        var hasBefore = !string.IsNullOrEmpty(query.Before);
        var hasAfter = !string.IsNullOrEmpty(query.After);
        if (hasBefore && hasAfter)
        {
            throw new FeedValidationException("before", "before and after cannot be used together");
        }
        return (new PostRange(Cursor(query.Before, "before"), Cursor(query.After, "after")), limit);
    }

    private static FeedCursor? Cursor(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        return FeedCursor.TryDecode(value, out var cursor)
            ? cursor
            : throw new FeedValidationException(field, $"{field} is not a valid cursor (pass back a cursor the server gave)");
    }

    private static int CountCodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }
        return count;
    }
}
