namespace Chirp.Engine.Tests.Model;

/// <summary>The operation kinds, weighted by how often each appears in a slot table.</summary>
public static class EngineOps
{
    public const string CreateUser = "create_user";
    public const string Tweet = "tweet";
    public const string Reply = "reply";
    public const string Edit = "edit";
    public const string Delete = "delete";
    public const string Like = "like";
    public const string Unlike = "unlike";
    public const string Retweet = "retweet";
    public const string UndoRetweet = "undo_retweet";
    public const string Follow = "follow";
    public const string Unfollow = "unfollow";
    public const string Reopen = "reopen";

    private static readonly string[] Table =
    [
        CreateUser, CreateUser, CreateUser,
        Tweet, Tweet, Tweet, Tweet,
        Reply, Reply, Reply,
        Edit, Delete, Delete,
        Like, Like, Like, Unlike,
        Retweet, Retweet, UndoRetweet,
        Follow, Follow, Follow, Follow, Unfollow,
        Reopen,
    ];

    public static string Describe(int kind) => Table[Math.Abs(kind % Table.Length)];
}
