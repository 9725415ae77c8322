using Chirp.Server.Media;

namespace Chirp.Engine.Tests.Server.Media;

public sealed class MediaStoreConcurrencyTests : IDisposable
{
    private readonly TempMediaDirectory _dir = new();
    private readonly MediaStore _store;

    public MediaStoreConcurrencyTests() => _store = MediaStore.Open(_dir.Path);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Concurrent_uploads_store_shared_content_once_and_lose_none_to_a_concurrent_sweep()
    {
        byte[] shared = TestImages.Jpeg(64, 48);
        using var stop = new CancellationTokenSource();
        var sweeping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Sweeps unreferenced content over and over (no record is old enough to expire): it must never take content
        // that an upload in flight has stored but not yet recorded.
        var sweeper = Task.Run(() =>
        {
            int sweeps = 0;
            do
            {
                _store.ExpireUnattached(TimeSpan.FromDays(1), DateTimeOffset.UtcNow);
                sweeps++;
                sweeping.TrySetResult();
            }
            while (!stop.IsCancellationRequested);

            return sweeps;
        });
        await sweeping.Task;

        // Half upload the same bytes, half bytes of their own (which no later upload would store again if lost).
        var uploads = Enumerable.Range(0, 48)
            .Select(i => Task.Run(() => _store.UploadAsync(ownerId: i, new MemoryStream(i % 2 == 0 ? shared : TestImages.Png(i, 3)))))
            .ToArray();
        var records = await Task.WhenAll(uploads);
        await stop.CancelAsync();
        Assert.True(await sweeper > 1);

        Assert.Equal(48, records.Select(r => r.Id).Distinct().Count());
        Assert.Single(records.Where((_, i) => i % 2 == 0).Select(r => r.ContentHash).Distinct());
        Assert.Equal(1 + 24, _dir.Files("content").Length);
        Assert.Empty(_dir.Files("tmp"));
        foreach (var record in records)
        {
            using var content = _store.OpenContent(record.ContentHash);
            Assert.NotNull(content);
            Assert.Equal(record.ByteSize, content.Length);
        }
    }

    [Fact]
    public async Task Concurrent_uploads_of_different_content_each_get_their_own_file()
    {
        var records = await Task.WhenAll(Enumerable.Range(1, 24)
            .Select(i => Task.Run(() => _store.UploadAsync(1, new MemoryStream(TestImages.Png(i, i))))));

        Assert.Equal(24, records.Select(r => r.ContentHash).Distinct().Count());
        Assert.Equal(24, _dir.Files("content").Length);
        Assert.All(records, r => Assert.Equal(r, _store.Get(r.Id)));
    }
}
