namespace Chirp.Engine.Search;

/// <summary>A request to a shard's indexer to refill its index from the records; completes with the documents indexed.</summary>
internal sealed class SearchRebuild(Action<long> onDocuments)
{
    private readonly TaskCompletionSource<long> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<long> Done => _done.Task;

    public void Report(long documents) => onDocuments(documents);

    public void Complete(long documents) => _done.TrySetResult(documents);

    public void Fail(Exception error) => _done.TrySetException(error);

    public void Cancel() => _done.TrySetCanceled();
}
