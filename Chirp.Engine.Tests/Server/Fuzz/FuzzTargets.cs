using System.Net.Http.Headers;
using System.Net.Http.Json;
using Chirp.Engine.Tests.Server.Media;
using Chirp.Engine.Tests.Server.Support;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// What exists on the server before fuzzing, so that generated requests hit real records and pass authorization as
/// often as they miss: two users' tokens, an app token (for sign-up) and the app's credentials (for the OAuth grants),
/// a token the fuzzer may revoke, and ids of accounts, statuses and media.
/// </summary>
public sealed record FuzzTargets
{
    public required string AnnToken { get; init; }

    public required string BobToken { get; init; }

    public required string AppToken { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>A token of the fuzzer's app that nothing else uses, so revoking it takes nothing away from the run.</summary>
    public required string RevocableToken { get; init; }

    public required string Password { get; init; }

    public required IReadOnlyList<string> Usernames { get; init; }

    public required IReadOnlyList<string> AccountIds { get; init; }

    public required IReadOnlyList<string> StatusIds { get; init; }

    public required IReadOnlyList<string> MediaIds { get; init; }

    /// <summary>The file name of uploaded content under /media/ ({sha256}.{ext}).</summary>
    public required string MediaFileName { get; init; }

    public required IReadOnlyList<string> Hashtags { get; init; }


    /// <summary>
    /// Makes the world the fuzzer plays in: ann and bob, a status of ann's with bob's reply, a reblog and a favourite,
    /// bob following ann, an attached and an unattached upload, and an app with two client-credentials tokens.
    /// </summary>
    public static async Task<FuzzTargets> CreateOnAsync(RunningServer server)
    {
        const string Password = "correct horse battery";
        string annToken = await server.SignUpAsync("ann", Password);
        string bobToken = await server.SignUpAsync("bob", Password);
        using var ann = server.ClientWithToken(annToken);
        using var bob = server.ClientWithToken(bobToken);
        string annId = await IdOfAsync(ann.GetAsync("/api/v1/accounts/verify_credentials"));
        string bobId = await IdOfAsync(bob.GetAsync("/api/v1/accounts/verify_credentials"));

        string post = await IdOfAsync(ann.PostAsJsonAsync("/api/v1/statuses", new { status = "hello #fuzz from ann" }));
        string reply = await IdOfAsync(bob.PostAsJsonAsync("/api/v1/statuses", new { status = "@ann a reply #chirp", in_reply_to_id = post }));
        string reblog = await IdOfAsync(bob.PostAsync($"/api/v1/statuses/{post}/reblog", null));
        await ReadJsonAsync(await ann.PostAsync($"/api/v1/statuses/{reply}/favourite", null), 200);
        await ReadJsonAsync(await bob.PostAsync($"/api/v1/accounts/{annId}/follow", null), 200);

        var unattached = await ReadJsonAsync(await ann.PostAsync("/api/v2/media", Upload(TestImages.Png(2, 2))), 200);
        string attached = await IdOfAsync(ann.PostAsync("/api/v2/media", Upload(TestImages.Png(3, 1))));
        string withMedia = await IdOfAsync(ann.PostAsJsonAsync("/api/v1/statuses", new { status = "a picture #fuzz", media_ids = new[] { attached } }));

        var (clientId, clientSecret) = await server.RegisterAppAsync();
        return new FuzzTargets
        {
            AnnToken = annToken,
            BobToken = bobToken,
            AppToken = await ClientCredentialsTokenAsync(server, clientId, clientSecret),
            ClientId = clientId,
            ClientSecret = clientSecret,
            RevocableToken = await ClientCredentialsTokenAsync(server, clientId, clientSecret),
            Password = Password,
            Usernames = ["ann", "bob"],
            AccountIds = [annId, bobId],
            StatusIds = [post, reply, reblog, withMedia],
            MediaIds = [unattached.GetProperty("id").GetString()!, attached],
            MediaFileName = unattached.GetProperty("url").GetString()!.Split('/')[^1],
            Hashtags = ["fuzz", "chirp"],
        };
    }

    private static async Task<string> IdOfAsync(Task<HttpResponseMessage> response) =>
        (await ReadJsonAsync(await response, 200)).GetProperty("id").GetString()!;

    private static async Task<string> ClientCredentialsTokenAsync(RunningServer server, string clientId, string clientSecret)
    {
        var response = await server.Client.PostAsync("/oauth/token", Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", clientSecret), ("scope", "read write follow")));
        return (await ReadJsonAsync(response, 200)).GetProperty("access_token").GetString()!;
    }

    private static MultipartFormDataContent Upload(byte[] image)
    {
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, "file", "image.png" } };
    }
}
