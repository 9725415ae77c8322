using Chirp.Server.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>A client that goes away while its error is being written is not a server error.</summary>
public sealed class ClientGoneTests
{
    [Fact]
    public async Task An_error_whose_client_leaves_while_it_is_written_is_dropped_without_throwing()
    {
        using var aborted = new CancellationTokenSource();
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        context.Response.Body = new LeavingClientStream(aborted);

        bool handled = await new ApiErrors(NullLogger<ApiErrors>.Instance).TryHandleAsync(context, ApiException.BadRequest("The request body could not be read."), aborted.Token);

        Assert.True(handled);
        Assert.Equal(400, context.Response.StatusCode);
    }

    /// <summary>A response body whose client disconnects at the first write, as Kestrel's does: the token fires and the write throws.</summary>
    private sealed class LeavingClientStream(CancellationTokenSource aborted) : MemoryStream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await aborted.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
