using Chirp.Engine;

namespace Chirp.Bench.Support;

/// <summary>A <see cref="ChirpEngine"/> on a fresh temporary directory that is deleted on dispose.</summary>
public sealed class ScratchEngine : IDisposable
{
    private ScratchEngine(string directory, ChirpEngine engine)
    {
        Directory = directory;
        Engine = engine;
    }

    /// <summary>The data directory.</summary>
    public string Directory { get; }

    public ChirpEngine Engine { get; private set; }

    /// <summary>
    /// Opens an engine in a new directory under <paramref name="parent"/> (the system temp directory when null),
    /// with <paramref name="configure"/> applied to the default options.
    /// </summary>
    public static ScratchEngine Create(int shardCount, bool syncWrites = false, string? parent = null, Func<ChirpEngineOptions, ChirpEngineOptions>? configure = null)
    {
        string directory = Path.Combine(parent ?? Path.GetTempPath(), "chirp-bench-" + Guid.NewGuid().ToString("N"));
        var options = ChirpEngineOptions.ForPath(directory) with { ShardCount = shardCount, SyncWrites = syncWrites };
        if (configure is not null)
        {
            options = configure(options);
        }

        return new ScratchEngine(directory, ChirpEngine.Open(options));
    }

    /// <summary>
    /// Creates <paramref name="count"/> accounts named <c>{prefix}{i}</c>, with up to <paramref name="concurrency"/>
    /// calls in flight, and returns their ids in order of i.
    /// </summary>
    public async Task<long[]> CreateAccountsAsync(int count, string prefix = "user", int concurrency = 32)
    {
        var ids = new long[count];
        using var gate = new SemaphoreSlim(concurrency);
        var calls = new List<Task>(count);
        for (int i = 0; i < count; i++)
        {
            await gate.WaitAsync().ConfigureAwait(false);
            int index = i;
            calls.Add(CreateOneAsync(index));
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
        return ids;

        async Task CreateOneAsync(int index)
        {
            try
            {
                string name = prefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var account = await Engine.CreateAccountAsync(new NewAccount(name, name + "@bench.example.com")).ConfigureAwait(false);
                ids[index] = account.Id;
            }
            finally
            {
                gate.Release();
            }
        }
    }

    /// <summary>
    /// Closes the engine (which commits everything it holds in memory to disk), runs <paramref name="whileClosed"/>
    /// with the directory at rest, and opens the engine again with the same options.
    /// </summary>
    public void Reopen(Action? whileClosed = null)
    {
        var options = Engine.Options;
        Engine.Dispose();
        whileClosed?.Invoke();
        Engine = ChirpEngine.Open(options);
    }

    public void Dispose()
    {
        Engine.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is not worth failing a benchmark over.
        }
    }
}
