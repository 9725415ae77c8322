namespace Chirp.Server.Mastodon;

/// <summary>Who may see a status, written in snake_case. Every Chirp tweet is public; the others exist so requests parse.</summary>
public enum StatusVisibility
{
    Public,
    Unlisted,
    Private,
    Direct,
}
