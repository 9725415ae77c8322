using System.Buffers;
using System.Text;
using System.Text.Json;
using Chirp.Server.Auth;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Chirp.Server.Cluster.Metadata;

/// <summary>
/// The DotNext state machine of the metadata group: each committed command is applied into this node's
/// <see cref="ServerStore"/> in one synced write batch together with the entry's index. The store is the state, so no
/// snapshot is published (the log is small: a handful of entries per app, sign-in and revocation); after a restart the
/// write-ahead log replays its log and entries at or below the stored index (read once, at start) are skipped.
/// </summary>
internal sealed class MetadataStateMachine(ServerStore store) : IStateMachine
{
    public const string SigningKeyKey = "signing-key";
    public const string IdentityKey = "identity";

    // Entries at or below this were applied before this process started (the store keeps the index with them).
    private readonly long _appliedAtStart = store.AppliedMetadataIndex;

    /// <summary>No snapshot: the store is the state (see the type's remarks).</summary>
    public ISnapshot? Snapshot => null;

    public ValueTask<long> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        // A new leader's no-op entry and configuration entries carry no command.
        if (entry.Index <= _appliedAtStart || entry.IsSnapshot || entry.IsConfiguration
            || !entry.TryGetPayload(out var payload) || payload.IsEmpty)
        {
            return ValueTask.FromResult(entry.Index);
        }

        byte[]? result;
        try
        {
            result = Apply(MetadataCommand.Decode(payload.IsSingleSegment ? payload.First : payload.ToArray()), entry.Index);
        }
        catch (Exception unreadable) when (unreadable is InvalidDataException or JsonException)
        {
            // Unreadable on every replica alike (the bytes are the same): skipped everywhere, its index still recorded.
            store.WriteReplicated(entry.Index, _ => { });
            result = null;
        }

        // Only on the node that appended the entry: the caller waiting in ReplicateAsync reads its answer here.
        if (entry.Context is MetadataOutcome outcome)
        {
            outcome.Result = result;
            outcome.Index = entry.Index;
        }

        return ValueTask.FromResult(entry.Index);
    }

    private byte[]? Apply(MetadataCommand command, long index)
    {
        byte[] key = Encoding.UTF8.GetBytes(command.Key);
        switch (command.Kind)
        {
            case MetadataCommandKind.PutApp:
                store.WriteReplicated(index, batch => batch.Put(key, command.Value, store.Apps));
                return null;
            case MetadataCommandKind.PutCode:
                store.WriteReplicated(index, batch => batch.Put(key, command.Value, store.Codes));
                return null;
            case MetadataCommandKind.TakeCode:
                byte[]? code = store.GetRaw(store.Codes, command.Key);
                store.WriteReplicated(index, batch =>
                {
                    if (code is not null)
                    {
                        batch.Delete(key, store.Codes);
                    }
                });
                return code;
            case MetadataCommandKind.Revoke:
                store.WriteReplicated(index, batch => batch.Put(key, command.Value, store.Revoked));
                store.NotifyRevoked(command.Key, JsonSerializer.Deserialize<DateTimeOffset>(command.Value));
                return null;
            case MetadataCommandKind.ProposeSigningKey:
                return SetUnlessPresent(SigningKeyKey, command.Value, index);
            case MetadataCommandKind.ProposeIdentity:
                return SetUnlessPresent(IdentityKey, command.Value, index);
            default:
                // A kind this build does not know (a newer node wrote it): the same skip on every replica of this build.
                store.WriteReplicated(index, _ => { });
                return null;
        }
    }

    /// <summary>The first proposal wins; every later one gets the value that won.</summary>
    private byte[] SetUnlessPresent(string name, byte[] proposed, long index)
    {
        byte[]? present = store.GetRaw(store.Meta, name);
        store.WriteReplicated(index, batch =>
        {
            if (present is null)
            {
                batch.Put(Encoding.UTF8.GetBytes(name), proposed, store.Meta);
            }
        });
        return present ?? proposed;
    }

    /// <summary>Nothing to reclaim: no snapshots are written.</summary>
    public ValueTask ReclaimGarbageAsync(long watermark, CancellationToken token) => ValueTask.CompletedTask;
}
