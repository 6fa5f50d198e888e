using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;

namespace Translate.Server.Tests;

/// <summary>
/// A unary call made as raw HTTP/2, with no gRPC client in between: the status it returns is the one the server
/// wrote, where Grpc.Net.Client would report its own DEADLINE_EXCEEDED as soon as its timer ran out.
/// </summary>
internal static class GrpcWire
{
    /// <param name="timeoutMilliseconds">Sent as grpc-timeout; the server's deadline starts when it reads it.</param>
    public static async Task<(StatusCode Status, string Message)> CallAsync(
        string address, string method, IMessage request, int timeoutMilliseconds, CancellationToken cancellationToken)
    {
        var message = request.ToByteArray();
        // Length-prefixed message: a compressed flag, then the length as a big-endian uint32.
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);

        using var http = new HttpClient();
        using var call = new HttpRequestMessage(HttpMethod.Post, $"{address}/{method}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        call.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        call.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        call.Headers.Add("grpc-timeout", $"{timeoutMilliseconds}m");

        using var response = await http.SendAsync(call, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        // A call that fails before any message is answered trailers-only: the status is in the headers.
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status")
            ?? throw new InvalidOperationException($"No grpc-status in the response (HTTP {(int)response.StatusCode}).");
        var detail = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message") ?? string.Empty;
        return ((StatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), Uri.UnescapeDataString(detail));
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.Single() : null;
}
