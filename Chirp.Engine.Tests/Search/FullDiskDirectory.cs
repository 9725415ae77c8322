using Lucene.Net.Store;

namespace Chirp.Engine.Tests.Search;

/// <summary>A search index directory whose new files fail as on a full disk while <see cref="Full"/> is set.</summary>
public sealed class FullDiskDirectory(Lucene.Net.Store.Directory files) : FilterDirectory(files)
{
    /// <summary>ENOSPC: what .NET puts in the HResult of an IOException for a write to a full file system on Unix.</summary>
    public const int NoSpaceLeftOnDevice = 28;

    public volatile bool Full;

    public override IndexOutput CreateOutput(string name, IOContext context) =>
        Full ? throw new IOException("No space left on device", NoSpaceLeftOnDevice) : base.CreateOutput(name, context);
}
