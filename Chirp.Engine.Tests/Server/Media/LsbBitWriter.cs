namespace Chirp.Engine.Tests.Server.Media;

/// <summary>Packs values into bytes least significant bit first, the bit order of WebP lossless (VP8L) and GIF's LZW.</summary>
internal sealed class LsbBitWriter
{
    private readonly List<byte> _bytes = [];
    private int _bitCount;

    public LsbBitWriter Write(uint value, int bits)
    {
        for (int i = 0; i < bits; i++)
        {
            if (_bitCount % 8 == 0)
            {
                _bytes.Add(0);
            }

            if (((value >> i) & 1) != 0)
            {
                _bytes[^1] |= (byte)(1 << (_bitCount % 8));
            }

            _bitCount++;
        }

        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
