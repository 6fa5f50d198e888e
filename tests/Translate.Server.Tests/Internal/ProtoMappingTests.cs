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
