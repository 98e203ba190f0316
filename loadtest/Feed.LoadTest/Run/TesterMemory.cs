using System.Diagnostics;

namespace Feed.LoadTest.Run;

/// <summary>The tester's own memory, read after a full GC so that before/after differences are the connections' cost.</summary>
internal readonly record struct TesterMemory(long WorkingSetBytes, long ManagedHeapBytes)
{
    public static TesterMemory Read()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var self = Process.GetCurrentProcess();
        return new TesterMemory(self.WorkingSet64, managed);
    }
}
