using System.CommandLine;
using System.CommandLine.Parsing;
using Chirp.Engine;
using Chirp.Server.Operations;

namespace Chirp.Server.Backup;

/// <summary>
/// The operator's commands beside running the server: <c>backup</c> (of a running server, through its admin
/// endpoint), <c>restore</c> and <c>verify-backup</c>. Each prints what it did, or a reason on stderr with exit code 1
/// (refused or failed) or 2 (the backup is damaged or incomplete).
/// </summary>
public static class BackupCommands
{
    public const int Refused = 1;
    public const int Damaged = 2;

    private static readonly string[] Names = ["backup", "restore", "verify-backup"];

    /// <summary>True when the first argument names one of these commands; otherwise the arguments run the server.</summary>
    public static bool Handles(string[] args) => args.Length > 0 && Names.Contains(args[0], StringComparer.Ordinal);

    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Chirp.Server operator commands. Without one of them, the arguments run the server.")
        {
            BackupCommand(),
            RestoreCommand(),
            VerifyCommand(),
        };
        return root.Parse(args).InvokeAsync();
    }

    private static Command BackupCommand()
    {
        var to = new Option<DirectoryInfo>("--to") { Description = "The directory to write the backup into (absent or empty). On the data's file system the backup links the immutable files; copy it elsewhere to survive the disk.", Required = true };
        var data = new Option<DirectoryInfo>("--data") { Description = "The running server's data directory, where its admin token is.", DefaultValueFactory = _ => new DirectoryInfo("chirp-data") };
        var server = new Option<Uri>("--server") { Description = "The running server's loopback address.", DefaultValueFactory = _ => new Uri(DefaultAddress.Loopback), CustomParser = ParseAddress };
        var command = new Command("backup", "Backs up a running server (engine, server state, media) through its admin endpoint.") { to, data, server };
        command.SetAction((parse, cancellation) => BackupAsync(parse.GetValue(to)!, parse.GetValue(data)!, parse.GetValue(server)!, cancellation));
        return command;
    }

    private static Command RestoreCommand()
    {
        var from = new Option<DirectoryInfo>("--from") { Description = "The backup directory.", Required = true };
        var data = new Option<DirectoryInfo>("--data") { Description = "The data directory to restore into; absent or empty.", Required = true };
        var command = new Command("restore", "Checks a backup and restores it into an empty data directory.") { from, data };
        command.SetAction(parse => Run(() =>
        {
            var manifest = BackupRestore.Restore(parse.GetValue(from)!.FullName, parse.GetValue(data)!.FullName);
            Console.WriteLine($"Restored the backup of {manifest.CreatedAt:O} into {parse.GetValue(data)!.FullName}: {manifest.ShardCount} shards, {manifest.MediaRecords} media records.");
            Console.WriteLine($"Start the server on it with Chirp:ShardCount={manifest.ShardCount}; it rebuilds search indexes and home timelines from the restored data.");
            if (!manifest.SigningKeyIncluded)
            {
                Console.WriteLine("The token signing key was configured, not in the data directory: configure the same Chirp:SigningKey, or access tokens issued before the backup are refused.");
            }
        }));
        return command;
    }

    private static Command VerifyCommand()
    {
        var from = new Option<DirectoryInfo>("--from") { Description = "The backup directory.", Required = true };
        var command = new Command("verify-backup", "Checks a backup's manifests and every file's size and CRC-32C, without restoring it.") { from };
        command.SetAction(parse => Run(() =>
        {
            var manifest = BackupRestore.Verify(parse.GetValue(from)!.FullName);
            Console.WriteLine($"The backup of {manifest.CreatedAt:O} is complete and intact: {manifest.ShardCount} shards, {manifest.MediaRecords} media records, {manifest.Files.Count} server and media files.");
        }));
        return command;
    }

    private static Uri? ParseAddress(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme is "http" or "https")
        {
            return address;
        }

        result.AddError($"'{text}' is not an http or https address, for example {DefaultAddress.Loopback}.");
        return null;
    }

    private static async Task<int> BackupAsync(DirectoryInfo to, DirectoryInfo data, Uri server, CancellationToken cancellation)
    {
        string tokenPath = AdminToken.PathIn(data.FullName);
        if (!File.Exists(tokenPath))
        {
            return Fail(Refused, $"{tokenPath} does not exist: --data must name the running server's data directory (the server makes the token at start).");
        }

        using var client = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Post, AdminEndpoints.BackupPath) { Content = JsonContent.Create(new BackupRequest(to.FullName)) };
        request.Headers.Add(AdminToken.Header, AdminToken.Read(tokenPath));
        try
        {
            using var response = await client.SendAsync(request, cancellation).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Fail(Refused, $"The server refused the backup ({(int)response.StatusCode}): {body}");
            }

            Console.WriteLine(body);
            return 0;
        }
        catch (HttpRequestException ex)
        {
            return Fail(Refused, $"Could not reach the server at {server}: {ex.Message}");
        }
    }

    private static int Run(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (ChirpException ex) when (ex.ErrorCode is ChirpErrorCode.DamagedCheckpoint or ChirpErrorCode.UnsupportedFormat)
        {
            return Fail(Damaged, ex.Message);
        }
        catch (Exception ex) when (ex is ChirpException or IOException or UnauthorizedAccessException)
        {
            return Fail(Refused, ex.Message);
        }
    }

    private static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine(message);
        return exitCode;
    }
}
