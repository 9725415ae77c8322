using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Chirp.Bench.Support;
using Chirp.Engine.Tests.Support;
using Chirp.Server.Media;

namespace Chirp.Engine.Tests.Server.Media;

/// <summary>
/// A real S3-compatible server for a test: the npm package s3rver (<c>s3rver/launch.mjs</c>) on the machine's Node.js,
/// on a free loopback port, over a temporary directory, with one bucket. Its packages are installed with <c>npm ci</c>
/// (by <c>.ci/run</c>, or here when missing). The test skips, saying why, when Node.js or npm is not on PATH.
/// </summary>
public sealed class S3rverProcess : IAsyncDisposable
{
    /// <summary>The credentials s3rver accepts.</summary>
    public const string AccessKey = "S3RVER";

    public const string SecretKey = "S3RVER";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    private readonly ChildProcess _child;
    private readonly string _directory;

    private readonly System.Text.StringBuilder _output;

    private S3rverProcess(ChildProcess child, string directory, string bucket, Uri serviceUrl, System.Text.StringBuilder output)
    {
        _output = output;
        _child = child;
        _directory = directory;
        Bucket = bucket;
        ServiceUrl = serviceUrl;
    }

    public string Bucket { get; }

    /// <summary>What s3rver printed (its request log when started with S3RVER_LOG=1), for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Uri ServiceUrl { get; }

    private static string Folder => Path.Combine(RepositoryRoot.Find(), "Chirp.Engine.Tests", "Server", "Media", "s3rver");

    /// <summary>Starts s3rver with a bucket; skips the test when Node.js or npm is missing.</summary>
    public static async Task<S3rverProcess> StartAsync(string bucket = "chirp-media")
    {
        Skip.If(FindOnPath("node") is null, "Node.js (node) is not on PATH: the S3 media tests run against s3rver on Node.js.");
        await InstallAsync();
        string directory = Path.Combine(Path.GetTempPath(), "chirp-s3rver-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // s3rver makes the continuation token of a long listing with DES, which Node's OpenSSL 3 keeps in its legacy provider.
        start.ArgumentList.Add("--openssl-legacy-provider");
        start.ArgumentList.Add("launch.mjs");
        start.ArgumentList.Add(directory);
        start.ArgumentList.Add(bucket);
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        var child = ChildProcess.Start(
            start,
            line =>
            {
                const string Ready = "s3rver listening on ";
                if (line is not null && line.StartsWith(Ready, StringComparison.Ordinal))
                {
                    port.TrySetResult(int.Parse(line[Ready.Length..], System.Globalization.CultureInfo.InvariantCulture));
                }
                else if (line is null)
                {
                    port.TrySetException(new InvalidOperationException($"s3rver exited before it listened: {errors}"));
                }
                else
                {
                    lock (errors)
                    {
                        errors.AppendLine(line);
                    }
                }
            },
            line =>
            {
                lock (errors)
                {
                    errors.AppendLine(line);
                }
            });
        try
        {
            int listening = await port.Task.WaitAsync(StartTimeout);
            return new S3rverProcess(child, directory, bucket, new Uri($"http://127.0.0.1:{listening}"), errors);
        }
        catch
        {
            await child.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Media options over this server's bucket (or another bucket, or other credentials, to see them refused).</summary>
    public MediaOptions Options(string? bucket = null, string accessKey = AccessKey) => new()
    {
        S3 = new MediaS3Options
        {
            ServiceUrl = ServiceUrl.ToString(),
            Bucket = bucket ?? Bucket,
            AccessKey = accessKey,
            SecretKey = SecretKey,
        },
    };

    /// <summary>The server settings (command-line form) that put a Chirp.Server's media in this bucket.</summary>
    public string[] ServerSettings() =>
    [
        "--Chirp:Media:S3:ServiceUrl", ServiceUrl.ToString(), "--Chirp:Media:S3:Bucket", Bucket,
        "--Chirp:Media:S3:AccessKey", AccessKey, "--Chirp:Media:S3:SecretKey", SecretKey,
    ];

    /// <summary>A client of its own, to look at or damage the bucket behind the store's back.</summary>
    public AmazonS3Client Client() => new(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config
        {
            ServiceURL = ServiceUrl.ToString(),
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    /// <summary>The keys under a prefix.</summary>
    public async Task<List<string>> KeysAsync(string prefix)
    {
        using var client = Client();
        var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix });
        return [.. (page.S3Objects ?? []).Select(o => o.Key)];
    }

    public async Task PutAsync(string key, byte[] bytes, string contentType)
    {
        using var client = Client();
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket, Key = key, InputStream = new MemoryStream(bytes), ContentType = contentType, UseChunkEncoding = false,
        });
    }

    public async Task DeleteAsync(string key)
    {
        using var client = Client();
        await client.DeleteObjectAsync(Bucket, key);
    }

    /// <summary>Closes s3rver's standard input, which stops it; kills it if it does not stop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("S3RVER_LOG") == "1")
        {
            File.AppendAllText(Path.Combine(Path.GetTempPath(), "s3rver-test.log"), Output);
        }

        try
        {
            _child.Process.StandardInput.Close();
            await _child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or InvalidOperationException)
        {
            // Killed below.
        }

        await _child.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task InstallAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(Folder, "node_modules", "s3rver")))
            {
                return;
            }

            Skip.If(FindOnPath("npm") is null, "npm is not on PATH and s3rver is not installed (`npm ci --prefix Chirp.Engine.Tests/Server/Media/s3rver`).");
            var start = new ProcessStartInfo("npm") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in new[] { "ci", "--no-audit", "--no-fund" })
            {
                start.ArgumentList.Add(argument);
            }

            await using var install = ChildProcess.Start(start);
            var output = install.Process.StandardOutput.ReadToEndAsync();
            var error = install.Process.StandardError.ReadToEndAsync();
            await install.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(install.Process.ExitCode == 0, $"npm ci failed:\n{await output}\n{await error}");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
}
