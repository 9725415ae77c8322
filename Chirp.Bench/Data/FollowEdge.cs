namespace Chirp.Bench.Data;

/// <summary>One line of the follow graph: <paramref name="Follower"/> follows <paramref name="Followee"/>.</summary>
/// <param name="Follower">The node that follows (first column).</param>
/// <param name="Followee">The node that is followed (second column).</param>
public readonly record struct FollowEdge(int Follower, int Followee);
