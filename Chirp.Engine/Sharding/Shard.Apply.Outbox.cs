using Chirp.Engine.Commands;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Sharding;

/// <summary>The outbox shrinks by command, so every replica of the shard removes and dead-letters the same messages.</summary>
internal sealed partial class Shard
{
    /// <summary>Removes the delivered messages and dead-letters the refused ones; a message already gone is skipped.</summary>
    private ApplyResult ApplyAcknowledgeOutbox(AcknowledgeOutbox c, ApplyContext context)
    {
        int removed = 0;
        foreach (long sequence in c.Delivered)
        {
            byte[] key = Keys.Id(sequence);
            if (context.Exists(Store.Outbox, key))
            {
                context.RemoveOutboxMessage(key, deadLetter: null);
                removed++;
            }
        }

        foreach (var refusal in c.Refused)
        {
            byte[] key = Keys.Id(refusal.Sequence);
            var message = context.Read<OutboxMessage>(Store.Outbox, key);
            if (message is not null)
            {
                context.RemoveOutboxMessage(key, new DeadLetter { Message = message, Code = refusal.Code, Reason = refusal.Reason, AtMs = c.AtMs });
                removed++;
            }
        }

        return ApplyResult.Ok(removed);
    }
}
