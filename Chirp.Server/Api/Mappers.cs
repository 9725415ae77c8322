using Chirp.Server.Mastodon;
using Chirp.Server.Media;

namespace Chirp.Server.Api;

/// <summary>An entity mapper for one request: URLs are built on the address the client used.</summary>
public static class Mappers
{
    public static EntityMapper For(HttpContext context, EngineHost host)
    {
        var urls = RequestOrigin.Urls(context);
        var media = context.RequestServices.GetRequiredService<MediaStore>();
        return new EntityMapper(urls, host.Engine.GetAccountByUsername, id => MediaEndpoints.Entity(media, urls, id));
    }
}
