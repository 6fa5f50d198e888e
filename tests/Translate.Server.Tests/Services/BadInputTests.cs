using System.Text;
using Grpc.Core;
using Translate.Protos.V1;

namespace Translate.Server.Tests.Services;

/// <summary>
/// Hostile input is normal input: 10,000 generated documents (fragments of news, other scripts, control characters,
/// combining marks, surrogate pairs, lone surrogates, URLs, numbers, runs of punctuation and spaces, empty and blank
/// texts) through Clean, Summarize, Process and ProcessStream, 2,500 each, over the wire. Every call is answered OK
/// or INVALID_ARGUMENT (nothing else: no INTERNAL or UNKNOWN, no dropped stream), and on every answer the applied
/// edits turn the input into the output.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class BadInputTests(ServerFixture server)
{
    private const int DocumentsPerMethod = 2_500;

    private static readonly string[] Pieces =
    [
        "Chinese President Xi Jinping has written to North Korean leader Kim Jong Un.", "AsiaXi Jinping", "PostedNovember 26",
        "XI Jinping et Kim Jong Un ensemble en 2019.", "lui prêtent l'intention", "the the", "« peace »", "said :", "the UK ,",
        "https://example.com/a?b=1&c=2", "desk@agency.kr", "3,5 %", "26/11/2022", "10:15", "(CNN) -- ", "U.S.", "a.m.",
        "Путин заявил.", "習近平と金正恩。", "مرحبا بالعالم.", "שלום עולם.", "😀🇫🇷", "\u0301\u0301\u0301", "e\u0301",
        "\t", "\r\n", "\n\n\n", "\u00A0", "\u202F", "\u200B", "\u2028", "\u0000", "\u001F", "\uFEFF", "\uD800", "\uDFFF",
        "...", "!?!?", "«(“[{", "}]”)»", "—", "…", "''", "\"\"", "    ", ".", "Word.", "A", "", "0", "١٢٣",
    ];

    [Fact]
    public async Task AllMethods_TenThousandGeneratedDocuments_AnsweredWithoutFailureAndEditsReproduceTheText()
    {
        var random = new Random(20261204);
        var documents = Enumerable.Range(0, 4 * DocumentsPerMethod).Select(i => Generate(random, i)).ToArray();
        var client = server.Client;
        var token = TestContext.Current.CancellationToken;

        var unary = new[]
        {
            (Name: "Clean", Call: (Func<Document, Task<DocumentResult>>)(d => client.CleanAsync(new CleanRequest { Document = d }, cancellationToken: token).ResponseAsync)),
            (Name: "Summarize", Call: (Func<Document, Task<DocumentResult>>)(d => client.SummarizeAsync(new SummarizeRequest { Document = d }, cancellationToken: token).ResponseAsync)),
            (Name: "Process", Call: (Func<Document, Task<DocumentResult>>)(d => client.ProcessAsync(new ProcessRequest { Document = d }, cancellationToken: token).ResponseAsync)),
        };
        for (var m = 0; m < unary.Length; m++)
        {
            var slice = documents.Skip(m * DocumentsPerMethod).Take(DocumentsPerMethod).ToArray();
            await Parallel.ForEachAsync(slice, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = token }, async (document, _) =>
            {
                try
                {
                    Check(unary[m].Name, document, await unary[m].Call(document));
                }
                catch (RpcException exception) when (exception.StatusCode == StatusCode.InvalidArgument)
                {
                    Assert.False(string.IsNullOrEmpty(exception.Status.Detail), $"{unary[m].Name} {document.Id}: INVALID_ARGUMENT without a message");
                }
            });
        }

        var streamed = documents.Skip(3 * DocumentsPerMethod).ToDictionary(d => d.Id);
        using var stream = client.ProcessStream(cancellationToken: token);
        var reading = Task.Run(async () =>
        {
            var answered = 0;
            await foreach (var result in stream.ResponseStream.ReadAllAsync(token))
            {
                answered++;
                var document = streamed[result.Id];
                if (result.Error is { } error)
                {
                    Assert.True(error.Code == (int)StatusCode.InvalidArgument, $"ProcessStream {result.Id}: code {error.Code}, {error.Message}");
                    continue;
                }
                Check("ProcessStream", document, result);
            }
            return answered;
        }, token);
        foreach (var document in streamed.Values)
        {
            await stream.RequestStream.WriteAsync(new ProcessRequest { Document = document }, token);
        }
        await stream.RequestStream.CompleteAsync();

        Assert.Equal(DocumentsPerMethod, await reading);
    }

    private static void Check(string method, Document document, DocumentResult result)
    {
        var input = document.Text.EnumerateRunes().ToArray();
        var output = new StringBuilder();
        var position = 0;
        foreach (var edit in result.Edits.Where(e => e.Disposition == EditDisposition.Applied))
        {
            Assert.True(edit.Start >= position && edit.Start + edit.Length <= input.Length, $"{method} {document.Id}: edit at {edit.Start}+{edit.Length} out of order or outside the text");
            foreach (var rune in input[position..edit.Start])
            {
                output.Append(rune.ToString());
            }
            output.Append(edit.Replacement);
            position = edit.Start + edit.Length;
        }
        foreach (var rune in input[position..])
        {
            output.Append(rune.ToString());
        }
        Assert.True(output.ToString() == result.Text, $"{method} {document.Id}: the applied edits do not turn the input into the output");
    }

    private static Document Generate(Random random, int index)
    {
        var builder = new StringBuilder();
        var pieces = random.Next(0, 40);
        for (var p = 0; p < pieces; p++)
        {
            switch (random.Next(6))
            {
                case 0:
                    builder.Append((char)random.Next(0x20, 0x3000));
                    break;
                case 1:
                    builder.Append(' ', random.Next(1, 4));
                    break;
                case 2:
                    builder.Append(new string((char)('a' + random.Next(26)), random.Next(1, 300)));
                    break;
                default:
                    builder.Append(Pieces[random.Next(Pieces.Length)]).Append(random.Next(3) == 0 ? "" : " ");
                    break;
            }
        }
        // What the wire carries: UTF-8, where a lone surrogate becomes U+FFFD.
        var text = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(builder.ToString()));
        return new Document { Id = $"doc-{index}", Text = text };
    }
}
