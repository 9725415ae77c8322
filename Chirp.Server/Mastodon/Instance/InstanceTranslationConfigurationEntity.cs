namespace Chirp.Server.Mastodon;

/// <summary>Whether the translation API exists: it does not.</summary>
public sealed record InstanceTranslationConfigurationEntity
{
    public bool Enabled { get; init; }
}
