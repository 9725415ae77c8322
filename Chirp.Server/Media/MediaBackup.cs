namespace Chirp.Server.Media;

/// <summary>What the media part of a backup holds.</summary>
/// <param name="Records">Media records written.</param>
/// <param name="ContentFiles">Content files linked or copied.</param>
/// <param name="MissingContent">Records whose content was already missing from the store.</param>
public sealed record MediaBackup(int Records, int ContentFiles, int MissingContent);
