namespace Chirp.Server.Media;

/// <summary>A journaled attach: these media, checked and about to be marked as attached to the status.</summary>
internal sealed record AttachIntent(long StatusId, IReadOnlyList<long> MediaIds, Guid? RequestId = null);
