namespace Chirp.Engine.Tests.Support;

/// <summary>An engine on a fresh temporary directory, deleted on dispose; can be reopened in place.</summary>
public sealed class TempEngine : IDisposable
{
    public TempEngine(int shards = 4, Func<ChirpEngineOptions, ChirpEngineOptions>? configure = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "chirp-test-" + Guid.NewGuid().ToString("N"));
        var options = ChirpEngineOptions.ForPath(Directory) with { ShardCount = shards };
        Options = configure is null ? options : configure(options);
        Engine = ChirpEngine.Open(Options);
    }

    public string Directory { get; }

    public ChirpEngineOptions Options { get; }

    public ChirpEngine Engine { get; private set; }

    /// <summary>Closes the engine cleanly and opens it again on the same directory.</summary>
    public ChirpEngine Reopen()
    {
        Engine.Dispose();
        Engine = ChirpEngine.Open(Options);
        return Engine;
    }

    public Task<Account> UserAsync(string name) =>
        Engine.CreateAccountAsync(new NewAccount(name, name + "@example.com", name.ToUpperInvariant(), "bio of " + name)).AsTask();

    public void Dispose()
    {
        Engine.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
