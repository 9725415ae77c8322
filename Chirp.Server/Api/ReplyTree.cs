using Chirp.Engine;

namespace Chirp.Server.Api;

/// <summary>
/// The replies below a status in Mastodon's context order: depth first, each status's replies oldest first. Replies are
/// read lazily, a page per status at a time, and each status's pages grow from one reply to
/// <see cref="MaxPage"/> as its replies are taken, so a caller that stops early has read at most about twice what it
/// took plus one reply per level, however many replies the thread has.
/// </summary>
public static class ReplyTree
{
    public const int MaxPage = 40;

    /// <param name="engine">The engine to read from.</param>
    /// <param name="rootId">The status whose replies are listed (not itself listed).</param>
    /// <param name="maxDepth">How many levels below the root to list (direct replies are level 1); null for all.</param>
    public static IEnumerable<Tweet> Descendants(ChirpEngine engine, long rootId, int? maxDepth)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var levels = new Stack<Level>();
        levels.Push(new Level(rootId));
        while (levels.Count > 0)
        {
            if (levels.Peek().Next(engine) is not { } reply)
            {
                levels.Pop();
                continue;
            }

            yield return reply;
            if (maxDepth is null || levels.Count < maxDepth)
            {
                levels.Push(new Level(reply.Id));
            }
        }
    }

    /// <summary>One status's replies being walked: the page read so far and where the next page starts.</summary>
    private sealed class Level(long parentId)
    {
        private IReadOnlyList<Tweet> _page = [];
        private int _index;
        private long? _after;
        private bool _ended;
        private int _pageSize = 1;

        public Tweet? Next(ChirpEngine engine)
        {
            if (_index == _page.Count)
            {
                if (_ended)
                {
                    return null;
                }

                Read(engine);
            }

            return _index < _page.Count ? _page[_index++] : null;
        }

        private void Read(ChirpEngine engine)
        {
            Page<Tweet> page;
            try
            {
                page = engine.GetReplies(parentId, _after, _pageSize);
            }
            catch (ChirpException e) when (e.ErrorCode == ChirpErrorCode.NotFound)
            {
                // Deleted while the thread was being read: it has no replies to show any more.
                page = new Page<Tweet>([], null);
            }

            _page = page.Items;
            _index = 0;
            _after = page.NextMaxId;
            _ended = page.NextMaxId is null;
            _pageSize = Math.Min(MaxPage, _pageSize * 2);
        }
    }
}
