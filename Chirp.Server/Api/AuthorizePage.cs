using System.Net;
using System.Text;
using Chirp.Server.Auth;

namespace Chirp.Server.Api;

/// <summary>
/// The HTML login and consent page of the authorization-code grant: the user signs in and approves (or denies) the
/// scopes the app asked for, in one form; everything echoed is HTML-encoded. The page is served with a strict
/// content security policy and may not be framed.
/// </summary>
public static class AuthorizePage
{
    public static IResult Render(OAuthApplication app, string redirectUri, IReadOnlyList<string> scopes, string? state, string? challenge, string? method, string? error, int errorStatus = StatusCodes.Status401Unauthorized)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Append("<title>Authorize ").Append(Encode(app.Name)).Append(" – Chirp</title></head><body><main>");
        html.Append("<h1>Authorize ").Append(Encode(app.Name)).Append("</h1>");
        html.Append("<p>This application asks to act for you with these permissions:</p><ul>");
        foreach (string scope in scopes)
        {
            html.Append("<li>").Append(Encode(scope)).Append("</li>");
        }

        html.Append("</ul>");
        if (error is not null)
        {
            html.Append("<p role=\"alert\">").Append(Encode(error)).Append("</p>");
        }

        html.Append("<form method=\"post\" action=\"/oauth/authorize\">");
        Hidden(html, "client_id", app.ClientId);
        Hidden(html, "redirect_uri", redirectUri);
        Hidden(html, "scope", string.Join(' ', scopes));
        Hidden(html, "response_type", "code");
        Hidden(html, "state", state);
        Hidden(html, "code_challenge", challenge);
        Hidden(html, "code_challenge_method", method);
        html.Append("<label>Username or e-mail <input name=\"username\" autocomplete=\"username\" required></label>");
        html.Append("<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>");
        html.Append("<button type=\"submit\" name=\"approve\" value=\"1\">Authorize</button> ");
        html.Append("<button type=\"submit\" name=\"deny\" value=\"1\" formnovalidate>Deny</button>");
        html.Append("</form></main></body></html>");
        return Page(html.ToString(), error is null ? StatusCodes.Status200OK : errorStatus);
    }

    /// <summary>For apps registered with the out-of-band redirect: the code, to copy into the app.</summary>
    public static IResult ShowCode(string code) =>
        Page($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Authorization code – Chirp</title></head><body><main><h1>Authorization code</h1><p>Copy this code into the application:</p><pre>{Encode(code)}</pre></main></body></html>", StatusCodes.Status200OK);

    private static IResult Page(string html, int status) => new HtmlPage(html, status);

    private static void Hidden(StringBuilder html, string name, string? value)
    {
        if (value is not null)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(Encode(value)).Append("\">");
        }
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private sealed class HtmlPage(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
            context.Response.Headers.XFrameOptions = "DENY";
            context.Response.Headers.CacheControl = "no-store";
            return context.Response.WriteAsync(html);
        }
    }
}
