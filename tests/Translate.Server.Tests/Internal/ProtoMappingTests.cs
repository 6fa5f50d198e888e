using Translate.Protos.V1;
using Translate.Server.Internal;
using CoreEditDisposition = Translate.Core.Cleanup.EditDisposition;
using CoreEditKind = Translate.Core.Cleanup.EditKind;
using CoreSummaryMethod = Translate.Core.Summarization.SummaryMethod;

namespace Translate.Server.Tests.Internal;

public sealed class ProtoMappingTests
{
    [Fact]
    public void ToProto_EveryEditKind_DistinctSpecifiedContractValueOfTheSameName() =>
        AssertMapsEveryValue<CoreEditKind, EditKind>(ProtoMapping.ToProto, EditKind.Unspecified);

    [Fact]
    public void ToProto_EveryEditDisposition_DistinctSpecifiedContractValueOfTheSameName() =>
        AssertMapsEveryValue<CoreEditDisposition, EditDisposition>(ProtoMapping.ToProto, EditDisposition.Unspecified);

    [Fact]
    public void ToProto_EverySummaryMethod_DistinctSpecifiedContractValueOfTheSameName() =>
        AssertMapsEveryValue<CoreSummaryMethod, SummaryMethod>(ProtoMapping.ToProto, SummaryMethod.Unspecified);

    [Fact]
    public void ToProto_UnmappedValue_ArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((CoreEditKind)99).ToProto());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((CoreEditDisposition)99).ToProto());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((CoreSummaryMethod)99).ToProto());
    }

    [Fact]
    public void ToCore_EveryContractValue_BackToTheCoreValue()
    {
        Assert.All(Enum.GetValues<CoreEditKind>(), kind => Assert.Equal(kind, kind.ToProto().ToCore()));
        Assert.All(Enum.GetValues<CoreEditDisposition>(), disposition => Assert.Equal(disposition, disposition.ToProto().ToCore()));
        Assert.All(Enum.GetValues<CoreSummaryMethod>(), method => Assert.Equal(method, method.ToProto().ToCore()));
        Assert.Throws<InvalidDataException>(() => EditKind.Unspecified.ToCore());
    }

    [Fact]
    public void ToCore_ResultMessage_SameCoreResultAsWasSent()
    {
        var result = new Core.Processing.DocumentResult("doc-1", "Asia Xi Jinping \U0001F600 met Kim.",
            [new Core.Processing.ReportedEdit(4, 0, string.Empty, " ", CoreEditKind.GluedWords, "'AsiaXi' is 'Asia' glued to 'Xi'", 0.95, "rules:glued-words", CoreEditDisposition.Applied),
             new Core.Processing.ReportedEdit(10, 3, "et", string.Empty, CoreEditKind.Untranslated, "flagged", 0.7, "apertium:fr-es-en", CoreEditDisposition.Flagged)],
            [new Core.Processing.ReportedSegment(0, 35, 0, "en", 0.85)],
            new Core.Summarization.Summary(["Asia Xi Jinping met Kim."], CoreSummaryMethod.Extractive, "minilm-l6-v2:lead"));

        var back = result.ToProto().ToCore();

        Assert.Equal((result.Id, result.Text), (back.Id, back.Text));
        Assert.Equal(result.Edits, back.Edits);
        Assert.Equal(result.Segments, back.Segments);
        Assert.Equal(result.Summary!.Sentences, back.Summary!.Sentences);
        Assert.Equal((result.Summary.Method, result.Summary.Engine, result.Summary.WordCount), (back.Summary.Method, back.Summary.Engine, back.Summary.WordCount));
    }

    [Theory]
    [InlineData(0.95)]
    [InlineData(0.7)]
    [InlineData(0.123456)]
    public void ToCoreConfidence_ShortDecimal_ComesBackExactly(double confidence) =>
        Assert.Equal(confidence, ProtoMapping.ToCoreConfidence((float)confidence));

    [Fact]
    public void ToProto_DocumentRequest_MissingFieldsEmpty()
    {
        var document = new Core.Processing.DocumentRequest("id", "text", SourceText: null, SourceLanguage: "fr").ToProto();

        Assert.Equal(("id", "text", "", "fr", ""), (document.Id, document.Text, document.SourceText, document.SourceLanguage, document.TargetLanguage));
    }

    private static void AssertMapsEveryValue<TCore, TProto>(Func<TCore, TProto> map, TProto unspecified)
        where TCore : struct, Enum
        where TProto : struct, Enum
    {
        var values = Enum.GetValues<TCore>();
        var mapped = values.Select(map).ToArray();

        Assert.DoesNotContain(unspecified, mapped);
        Assert.All(mapped, value => Assert.True(Enum.IsDefined(value), $"{value} is not a {typeof(TProto).Name}"));
        Assert.Equal(mapped.Length, mapped.Distinct().Count());
        // Same name, so two values swapped in the map fail here too.
        Assert.Equal(values.Select(value => value.ToString()), mapped.Select(value => value.ToString()));
    }
}
