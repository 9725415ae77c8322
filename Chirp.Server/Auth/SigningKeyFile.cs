using System.Security.Cryptography;

namespace Chirp.Server.Auth;

/// <summary>
/// The key that signs access tokens: made on the first start and kept in <c>&lt;data&gt;/server/token-signing.key</c>
/// (owner-only permissions), so tokens survive restarts and no set-up step is needed. Configuration may supply one instead.
/// </summary>
public static class SigningKeyFile
{
    public const int KeyBytes = 32;

    public static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            byte[] stored;
            try
            {
                stored = Convert.FromBase64String(File.ReadAllText(path).Trim());
            }
            catch (FormatException)
            {
                throw Damaged(path, "it does not hold a base64 key");
            }

            return stored.Length >= KeyBytes
                ? stored
                : throw Damaged(path, $"it holds a {stored.Length}-byte key; at least {KeyBytes} are needed");
        }

        byte[] key = RandomNumberGenerator.GetBytes(KeyBytes);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(Convert.ToBase64String(key));
            writer.Flush();
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
        return key;
    }

    private static InvalidOperationException Damaged(string path, string why) =>
        new($"The token signing key file {path} is damaged: {why}. Restore it from a backup (tokens it signed then work again), or delete it to make a new key on the next start (every token issued so far stops working).");

    /// <summary>A key given in configuration (base64, at least 32 bytes).</summary>
    public static byte[] Parse(string base64)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Chirp:SigningKey must be base64.");
        }

        return key.Length >= KeyBytes ? key : throw new InvalidOperationException($"Chirp:SigningKey must be at least {KeyBytes} bytes.");
    }
}
