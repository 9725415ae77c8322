namespace Chirp.Server.Media;

/// <summary>
/// A network body of known length that can seek forward (by reading and dropping bytes). ASP.NET Core's file results
/// send a Content-Length and serve a single Range only for a stream that says it can seek and knows its length; S3's
/// response stream does neither, though a single range needs nothing but skipping ahead. Seeking back throws.
/// </summary>
internal sealed class KnownLengthStream(Stream inner, long length) : Stream
{
    private const int SkipBufferBytes = 16 * 1024;

    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        if (target < _position)
        {
            throw new NotSupportedException("The stream can only seek forward.");
        }

        byte[] skip = new byte[(int)Math.Min(SkipBufferBytes, Math.Max(1, target - _position))];
        while (_position < target)
        {
            if (Read(skip, 0, (int)Math.Min(skip.Length, target - _position)) == 0)
            {
                break;
            }
        }

        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Counted(int read)
    {
        _position += read;
        return read;
    }
}
