namespace Translate.Server.Internal.Observability;

/// <summary>
/// Gives every call a request id, the caller's x-request-id when it sends a usable one, and logs everything
/// the call does inside a scope carrying it; the id is sent back as x-request-id. Nothing logs a document's text.
/// </summary>
internal sealed class RequestScopeMiddleware(RequestDelegate next, ILogger<RequestScopeMiddleware> logger)
{
    private const string Header = "x-request-id";
    private const int MaxLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = Usable(context.Request.Headers[Header].ToString()) ? context.Request.Headers[Header].ToString() : context.TraceIdentifier;
        context.TraceIdentifier = requestId;
        context.Response.Headers[Header] = requestId;
        using (logger.BeginScope(new RequestScope(requestId, context.Request.Path)))
        {
            await next(context).ConfigureAwait(false);
        }
    }

    // A header is logged as given: printable ASCII only, so a caller cannot forge log lines.
    private static bool Usable(string id) => id.Length is > 0 and <= MaxLength && id.All(c => c is > ' ' and < (char)127);

    /// <summary>The scope's values, as structured logging sees them ("RequestId", "Method").</summary>
    private sealed class RequestScope(string requestId, string method) : IReadOnlyList<KeyValuePair<string, object>>
    {
        private readonly KeyValuePair<string, object>[] _values = [new("RequestId", requestId), new("Method", method)];

        public int Count => _values.Length;

        public KeyValuePair<string, object> this[int index] => _values[index];

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object>>)_values).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"RequestId:{_values[0].Value} Method:{_values[1].Value}";
    }
}
