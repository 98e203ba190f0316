namespace Feed.Testing;

/// <summary>Locates the repository root (the folder holding Feed.sln) and shared/ beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The steering repo's shared folder (test vectors), a sibling of the checkout.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string ClientJs => Path.Combine(Root, "client-js");

    public static string NodeModules => Path.Combine(ClientJs, "node_modules");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Feed.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Feed.sln not found above {AppContext.BaseDirectory}");
    }
}
