using System.Net.Sockets;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// Sends bytes that HttpClient would refuse to produce (raw non-ASCII in the request line and headers, broken framing)
/// over a plain socket and reads whatever comes back, ending the sending side once the answer pauses so that the server
/// finishes with a request it was still waiting on.
/// </summary>
public static class RawHttpExchange
{
    /// <summary>How long to wait for an answer before ending the sending side, which Kestrel takes as the client leaving.</summary>
    private static readonly TimeSpan AnswerWait = TimeSpan.FromMilliseconds(250);

    /// <summary>The answer's bytes (empty when the server closed without answering); null when it neither answered nor closed in time.</summary>
    public static async Task<byte[]?> SendAsync(Uri baseAddress, byte[] request, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(timeout);
        await socket.ConnectAsync(baseAddress.Host, baseAddress.Port, deadline.Token);
        var received = new MemoryStream();
        try
        {
            await socket.SendAsync(request, SocketFlags.None, deadline.Token);

            // A request the server can frame is answered at once; one it cannot (a head or body cut short) waits for
            // more bytes, so once the answer pauses, the sending side is closed to make the server finish with it.
            byte[] buffer = new byte[16 * 1024];
            var pending = socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).AsTask();
            bool sendingClosed = false;
            while (true)
            {
                if (!sendingClosed && await Task.WhenAny(pending, Task.Delay(AnswerWait, deadline.Token)) != pending)
                {
                    socket.Shutdown(SocketShutdown.Send);
                    sendingClosed = true;
                    continue;
                }

                int read = await pending;
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
                pending = socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).AsTask();
            }
        }
        catch (SocketException)
        {
            // The server may reset the connection after refusing a request it could not frame; what it sent counts.
        }
        catch (OperationCanceledException)
        {
            return received.Length > 0 ? received.ToArray() : null;
        }

        return received.ToArray();
    }
}
