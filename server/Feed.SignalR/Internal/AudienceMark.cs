namespace Feed.SignalR.Internal;

/// <summary>
/// One audience object as this instance's sends see it: the mark its local users carry once found
/// in it (<see cref="MemberIndex.AddIn"/>), and what the last sends found, from which the next send
/// picks the cheaper way to gather. Sends to one audience may run at once: the figures are
/// estimates, each written whole.
/// </summary>
internal sealed class AudienceMark
{
    /// <summary>
    /// A walk's step over a remembered user reads one field; a lookup hashes a member's id into the
    /// users index. In a burst to 10,000 connections a post's gather took 9 ms by lookups and under
    /// 2 ms by the walk (perf, docs/benchmarks.md): a lookup costs about five steps. Four errs
    /// toward lookups, which cost the same whether or not the users were seen before.
    /// </summary>
    private const int StepsPerLookup = 4;

    private int _found = -1; // local users found by the last send; none yet
    private int _rememberedPercent = 100; // of those a walk found, how many kept the mark since the walk before
    private int _walks;

    /// <summary>
    /// True if walking the <paramref name="localUsers"/> should cost less than looking up the
    /// <paramref name="members"/>: a step for each local user, and a membership test (a lookup) for
    /// each the walk will not find by its mark: those outside the audience, and the members whose
    /// mark another audience took since (a user in several large audiences keeps only the last).
    /// Before any send, whichever side is smaller.
    /// </summary>
    public bool Walks(int members, int localUsers)
    {
        var found = Volatile.Read(ref _found);
        if (found < 0)
        {
            return members > localUsers;
        }
        var kept = (long)found * Volatile.Read(ref _rememberedPercent) / 100;
        return (long)localUsers / StepsPerLookup + Math.Max(0, localUsers - kept) < members;
    }

    public void LookedUp(int found) => Volatile.Write(ref _found, found);

    /// <summary>
    /// A walk found <paramref name="found"/> local users, <paramref name="remembered"/> of them by their
    /// mark. A first walk finds none by mark (nothing is marked yet), so it says nothing of how marks last.
    /// </summary>
    public void Walked(int found, int remembered)
    {
        Volatile.Write(ref _found, found);
        if (Interlocked.Increment(ref _walks) > 1 && found > 0)
        {
            Volatile.Write(ref _rememberedPercent, (int)((long)remembered * 100 / found));
        }
    }
}
