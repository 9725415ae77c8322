namespace Chirp.Bench.Support;

/// <summary>How the authors of replayed posts are drawn among the graph's users.</summary>
public enum PostAuthorWeighting
{
    /// <summary>With probability proportional to followers + 1: popular accounts post more, and every user can post.</summary>
    Followers,

    /// <summary>Every graph user equally likely.</summary>
    Uniform,
}
