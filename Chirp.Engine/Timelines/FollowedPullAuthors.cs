namespace Chirp.Engine.Timelines;

/// <summary>The pull authors a reader follows, as computed when the engine's pull-author set had this version.</summary>
internal sealed record FollowedPullAuthors(long PullAuthorsVersion, long[] AuthorIds);
