using System.Globalization;
using System.Text.Json;

namespace Chirp.Bench.Workload;

/// <summary>Sending a request with a user's token, refusing non-2xx answers, and reading the JSON that comes back.</summary>
public sealed partial class ChirpHttpSystem
{
    /// <summary>
    /// Sends a request, with the bearer token of <paramref name="user"/> unless null; returns the response if it is 2xx
    /// and throws <see cref="InvalidOperationException"/> (status and body) otherwise.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, int? user, HttpContent? content, HttpCompletionOption completion)
    {
        HttpResponseMessage response;
        using (var request = new HttpRequestMessage(method, path) { Content = content })
        {
            if (user is { } u)
            {
                // "Bearer <jwt>", made once per user: nothing to validate or format per request.
                request.Headers.TryAddWithoutValidation("Authorization", _authorizations[u]);
            }

            response = await _client.SendAsync(request, completion).ConfigureAwait(false);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"chirp-http: {method} {path} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
            }
        }

        return response;
    }

    /// <summary>Parses the whole body.</summary>
    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response)
    {
        var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonDocument.ParseAsync(stream).ConfigureAwait(false);
        }
    }

    /// <summary>A status's id (a decimal string on the wire).</summary>
    private static long StatusId(JsonElement status) =>
        long.Parse(status.GetProperty("id").GetString() ?? throw new InvalidOperationException("chirp-http: a status without an id."),
            NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Whether the <c>Link</c> header names a next (older) page.</summary>
    private static bool HasNextPage(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Link", out var links))
        {
            foreach (string link in links)
            {
                if (link.Contains("rel=\"next\"", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Registers the workload's app (<c>POST /api/v1/apps</c>) and returns its client id, which tokens name.</summary>
    private async Task<string> RegisterAppAsync()
    {
        using var content = new FormUrlEncodedContent([
            new KeyValuePair<string, string>("client_name", "chirp-workload"),
            new KeyValuePair<string, string>("redirect_uris", "urn:ietf:wg:oauth:2.0:oob"),
            new KeyValuePair<string, string>("scopes", string.Join(' ', TokenScopes)),
        ]);
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/apps", null, content, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        using var app = await ReadJsonAsync(response).ConfigureAwait(false);
        return app.RootElement.GetProperty("client_id").GetString()
            ?? throw new InvalidOperationException("chirp-http: the app was registered without a client id.");
    }
}
