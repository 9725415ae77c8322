using System.Runtime.InteropServices;

namespace Chirp.Engine.Timelines;

/// <summary>One home-timeline entry; stored as 16 raw bytes in the FASTER value, so the layout must stay fixed.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly record struct TimelineEntry(long TweetId, long AuthorId);
