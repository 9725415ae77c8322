using Chirp.Engine.Storage;
using Chirp.Engine.Timelines;

namespace Chirp.Engine;

/// <summary>Hashtag timelines: the live tweets and replies carrying a hashtag, over all shards.</summary>
public sealed partial class ChirpEngine
{
    /// <summary>
    /// The tweets and replies that carry <paramref name="hashtag"/> (with or without the leading #, any case), newest
    /// first, merged over all shards. Paged by tweet id like the home timeline: <see cref="PageRequest.MaxId"/>,
    /// <see cref="PageRequest.SinceId"/> or <see cref="PageRequest.MinId"/>; limit 1 to <see cref="MaxTimelineLimit"/>.
    /// An edit that removes the tag removes the tweet; deleted tweets never appear. Throws a validation error
    /// (field <c>hashtag</c>) for a string that is not one hashtag.
    /// </summary>
    public Page<Tweet> GetHashtagTimeline(string hashtag, PageRequest page)
    {
        using var pass = _gate.Enter();
        string tag = CanonicalHashtag(hashtag);
        if (page.Limit > MaxTimelineLimit)
        {
            throw ChirpException.Invalid("limit", $"A timeline page holds at most {MaxTimelineLimit} entries.");
        }

        long key = Keys.HashtagKey(tag);
        var merge = new TimelineMerge(_shards.Select(shard => new EdgeListSource(shard, EdgeKind.Hashtag, key, page.MaxId, null)));
        long? lower = Max(page.SinceId, page.MinId);
        int wanted = page.MinId is null ? page.Limit : int.MaxValue;
        var items = new List<Tweet>(Math.Min(page.Limit, 64));
        bool more = false;
        while (merge.TryNext(out var entry))
        {
            if (entry.TweetId <= lower)
            {
                more = true;
                break;
            }

            if (items.Count == wanted)
            {
                more = true;
                break;
            }

            if (GetTweet(entry.TweetId) is { } tweet && tweet.Hashtags.Contains(tag))
            {
                items.Add(tweet);
            }
        }

        if (page.MinId is not null)
        {
            // The entries just above the cursor: everything live above it, then its oldest part.
            more |= items.Count > 0;
            if (items.Count > page.Limit)
            {
                items.RemoveRange(0, items.Count - page.Limit);
            }
        }

        return new Page<Tweet>(items, items.Count > 0 && more ? items[^1].Id : null)
        {
            PrevMinId = items.Count > 0 ? items[0].Id : lower,
        };
    }

    private static string CanonicalHashtag(string? hashtag)
    {
        string candidate = hashtag ?? "";
        candidate = candidate.StartsWith('#') || candidate.StartsWith('＃') ? candidate : "#" + candidate;
        var tags = TweetText.ExtractHashtags(candidate);
        return tags.Count == 1 && candidate.Length == tags[0].Length + 1
            ? tags[0]
            : throw ChirpException.Invalid("hashtag", "A hashtag is letters, digits and underscores with at least one letter, optionally after a #.");
    }
}
