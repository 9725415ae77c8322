using Chirp.Engine.Storage;

namespace Chirp.Engine.Sharding;

/// <summary>The in-memory pull-author set follows this shard's committed pull-author edges.</summary>
internal sealed partial class Shard
{
    /// <summary>
    /// After a commit and before its writes are acknowledged: the set learns the authors whose newest unfanned entry the
    /// group moved, from the committed edge (so a command that rolled back adds nothing). Apply itself never touches
    /// process memory, and a reader that sees an acknowledged celebrity post's write also sees its pull author.
    /// </summary>
    private void NoteCommittedPullAuthors(ApplyContext context)
    {
        foreach (long authorId in context.WrittenPullAuthors)
        {
            if (ReadEdge(EdgeKind.PullAuthor, authorId, 0) is { } newest)
            {
                _pullAuthors.Note(authorId, newest);
            }
        }
    }
}
