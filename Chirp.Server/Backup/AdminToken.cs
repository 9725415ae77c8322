using System.Security.Cryptography;
using System.Text;

namespace Chirp.Server.Backup;

/// <summary>
/// The operator's token for the admin endpoints: made at the first start in <c>&lt;data&gt;/server/admin.token</c> with
/// owner-only permissions, so whoever can read the data directory (the operator, on the server's machine) can use them,
/// and nobody else. The backup command reads it from there.
/// </summary>
public sealed class AdminToken
{
    public const string FileName = "admin.token";

    /// <summary>The request header that carries the token.</summary>
    public const string Header = "X-Chirp-Admin-Token";

    private const int TokenBytes = 32;

    private readonly byte[] _token;

    private AdminToken(string token) => _token = Encoding.ASCII.GetBytes(token);

    public static string PathIn(string dataPath) => Path.Combine(dataPath, BackupLayout.Server, FileName);

    public static AdminToken LoadOrCreate(string dataPath)
    {
        string path = PathIn(dataPath);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var file = new FileStream(path, options);
                file.Write(Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(TokenBytes))));
                file.Flush(flushToDisk: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first; use theirs.
            }
        }

        return new AdminToken(Read(path));
    }

    /// <summary>Reads the token the running server uses, for the backup command.</summary>
    public static string Read(string path) => File.ReadAllText(path).Trim();

    /// <summary>Compares in constant time, so the answer's timing says nothing about the token.</summary>
    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(_token, Encoding.ASCII.GetBytes(presented));
}
