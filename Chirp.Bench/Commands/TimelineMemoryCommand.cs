using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Support;
using Chirp.Engine.Timelines;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>timeline-memory</c>: fills the FASTER timeline store the way fanout would (entries arrive round-robin over the users,
/// newest last) and reports the log bytes per stored entry before and after compaction, and the single-thread insert rate.
/// </summary>
public static class TimelineMemoryCommand
{
    private static readonly Option<int> Users = new Option<int>("--users")
    {
        Description = "Users with a timeline.",
        DefaultValueFactory = _ => 50_000,
    }.AtLeast(1);

    private static readonly Option<int> Entries = new Option<int>("--entries")
    {
        Description = "Entries inserted per user.",
        DefaultValueFactory = _ => 800,
    }.AtLeast(1);

    private static readonly Option<int> Capacity = new Option<int>("--capacity")
    {
        Description = "Timeline capacity (entries kept per user).",
        DefaultValueFactory = _ => 800,
    }.AtLeast(10);

    public static Command Create()
    {
        var command = new Command("timeline-memory", "Fills the FASTER timeline store round-robin and reports bytes per stored entry and inserts per second (one thread).")
        {
            Users, Entries, Capacity,
        };
        command.SetAction(parse => Run(parse.GetValue(Users), parse.GetValue(Entries), parse.GetValue(Capacity)));
        return command;
    }

    private static int Run(int users, int entries, int capacity)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"timeline-memory: users={users} entries-per-user={entries} capacity={capacity}");
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        using var store = new TimelineStore(capacity);
        long tweetId = 0;
        long start = Stopwatch.GetTimestamp();
        for (int round = 0; round < entries; round++)
        {
            for (long user = 1; user <= users; user++)
            {
                store.Insert(user, new TimelineEntry(++tweetId, user));
            }
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long stored = 0;
        for (long user = 1; user <= users; user++)
        {
            stored += store.Count(user);
        }

        long logBefore = store.LogBytes;
        long reclaimed = store.Compact(wholeLog: true);
        long logAfter = store.LogBytes;
        Console.WriteLine(string.Create(inv, $"inserts:            {tweetId:N0} in {seconds:F1} s ({tweetId / seconds:N0}/s, one thread)"));
        Console.WriteLine(string.Create(inv, $"entries stored:     {stored:N0}"));
        Console.WriteLine(string.Create(inv, $"log bytes:          {logBefore:N0} before compaction ({(double)logBefore / stored:F2} per entry), {logAfter:N0} after ({(double)logAfter / stored:F2} per entry; {reclaimed:N0} reclaimed)"));
        Console.WriteLine(string.Create(inv, $"spilled to disk:    {store.SpilledBytes:N0} bytes; hash index {store.IndexBytes:N0} bytes ({(double)store.IndexBytes / stored:F2} per entry)"));
        Console.WriteLine(string.Create(inv, $"RESULT timeline-memory users={users} entries={entries} capacity={capacity} inserts_per_s={tweetId / seconds:F0} bytes_per_entry_before={(double)logBefore / stored:F2} bytes_per_entry_after={(double)logAfter / stored:F2}"));
        return 0;
    }
}
