using System.Text.Json;
using Chirp.Server.Input;
using Chirp.Server.Mastodon;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Chirp.Server.Api;

/// <summary>
/// A request's parameters, whatever the body: JSON, form-urlencoded or multipart, plus the query string. Arrays come
/// as <c>name[]</c> or repeated <c>name</c>; both read the same. Malformed bodies raise <see cref="ApiException"/>.
/// Reading is linear in the body: values gather in one list per name, and an array past
/// <see cref="InputOptions.MaxArrayElements"/> or a request past <see cref="InputOptions.MaxParameters"/> values is
/// refused as soon as the parser reaches it. Reading stops when the client goes away.
/// </summary>
public sealed class ApiParameters
{
    private readonly Dictionary<string, List<string?>> _values = new(StringComparer.Ordinal);
    private readonly InputOptions _limits;
    private int _count;

    private ApiParameters(InputOptions limits) => _limits = limits;

    public IFormFileCollection? Files { get; private set; }

    public static async Task<ApiParameters> ReadAsync(HttpRequest request)
    {
        var parameters = new ApiParameters(request.HttpContext.RequestServices.GetRequiredService<IOptions<InputOptions>>().Value);
        var aborted = request.HttpContext.RequestAborted;
        foreach (var (key, value) in request.Query)
        {
            parameters.Add(key, value);
        }

        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(aborted).ConfigureAwait(false);
            }
            catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.Ordinal))
            {
                // The form reader's limits (FormOptions: value count, key and value lengths) say which was exceeded.
                throw new ApiException(StatusCodes.Status413PayloadTooLarge, e.Message);
            }
            catch (Exception e) when (e is InvalidDataException or IOException and not BadHttpRequestException)
            {
                throw ApiException.BadRequest("The form body could not be read.");
            }
            catch (NotSupportedException)
            {
                // The form reader asks Encoding for the declared charset, and .NET refuses some (UTF-7) by throwing.
                throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "The form body's charset is not supported.");
            }

            foreach (var (key, value) in form)
            {
                parameters.Add(key, value);
            }

            parameters.Files = form.Files;
        }
        else if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: aborted).ConfigureAwait(false);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw ApiException.BadRequest("The JSON body must be an object.");
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    parameters.AddJson(property.Name, property.Value);
                }
            }
            catch (JsonException)
            {
                throw ApiException.BadRequest("The JSON body is malformed.");
            }
            catch (InvalidOperationException e) when (e is not ObjectDisposedException)
            {
                // The parser accepts a lone surrogate escape ("\ud800") and invalid UTF-8 inside strings; reading such a
                // string or property name throws, and no text can be made of it.
                throw ApiException.BadRequest("The JSON body holds text that is not valid Unicode.");
            }
            catch (IOException e) when (e is not BadHttpRequestException)
            {
                // Kestrel reports some broken framing (a chunk size that overflows) as a plain IOException, as the form
                // reader above does too; the request is at fault, not the server.
                throw ApiException.BadRequest("The request body could not be read.");
            }
        }

        return parameters;
    }

    public string? Get(string name) => _values.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>Whether the parameter was sent at all, even empty (a JSON <c>[]</c>, a form <c>name[]=</c>).</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    public StringValues Values(string name) => _values.TryGetValue(name, out var values) ? new StringValues([.. values]) : StringValues.Empty;

    /// <summary>A boolean parameter: true/false/1/0 (any case); anything else is a 422 on the field.</summary>
    public bool? GetBool(string name)
    {
        string? value = Get(name);
        return value?.ToLowerInvariant() switch
        {
            null or "" => null,
            "true" or "1" or "on" => true,
            "false" or "0" or "off" => false,
            _ => throw ApiException.Validation(name, "ERR_INVALID", $"{name} must be true or false."),
        };
    }

    private void Add(string key, StringValues values)
    {
        string name = key.EndsWith("[]", StringComparison.Ordinal) ? key[..^2] : key;
        if (!_values.TryGetValue(name, out var list))
        {
            list = [];
            _values[name] = list;
        }

        foreach (string? value in values)
        {
            if (++_count > _limits.MaxParameters)
            {
                throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"The request carries more than {_limits.MaxParameters} values.");
            }

            if (list.Count == _limits.MaxArrayElements)
            {
                throw ApiException.Validation(name, ValidationErrorCode.TooLong, $"{name} has more than {_limits.MaxArrayElements} values");
            }

            list.Add(value);
        }
    }

    private void AddJson(string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                _values.TryAdd(name, []);
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        throw ApiException.Validation(name, "ERR_INVALID", $"{name} must hold plain values.");
                    }

                    Add(name, Scalar(item));
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    AddJson($"{name}[{property.Name}]", property.Value);
                }

                break;
            case JsonValueKind.Null:
                break;
            default:
                Add(name, Scalar(value));
                break;
        }
    }

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
