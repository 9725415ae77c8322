using System.ComponentModel.DataAnnotations;

namespace Chirp.Server.Hosting;

/// <summary>Valid when empty, or an absolute http(s) origin: no user info, path, query or fragment.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PublicOriginAttribute : ValidationAttribute
{
    public PublicOriginAttribute()
        : base("{0} must be an absolute http or https origin such as https://chirp.example (no path, query or user info).")
    {
    }

    public override bool IsValid(object? value) =>
        value is null or ""
        || (value is string text
            && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.UserInfo.Length == 0
            && uri.AbsolutePath == "/"
            && uri.Query.Length == 0
            && uri.Fragment.Length == 0
            && uri.Host.Length > 0);
}
