using System.Reflection;
using NetArchTest.Rules;

namespace Translate.Architecture.Tests;

/// <summary>
/// The dependency rules of docs/ARCHITECTURE.md. Inside Translate.Core each layer uses only the layers before it;
/// Cleanup and Summarization are peers and use neither each other; Core knows nothing of transport (gRPC, ASP.NET
/// Core) or evaluation; ONNX Runtime's types stay in Inference and Models.
/// </summary>
public sealed class LayerTests
{
    private const string Core = "Translate.Core";

    /// <summary>The layers of Core, lowest first; layers in one row are peers.</summary>
    public static readonly string[][] Layers =
    [
        ["Text"],
        ["Language"],
        ["Tokenization"],
        ["Inference"],
        ["Models"],
        ["Translation"],
        ["Cleanup", "Summarization"],
        ["Processing"],
        ["Formats"],
        ["Hosting"],
    ];

    private static readonly Assembly CoreAssembly = typeof(Core.Processing.DocumentProcessor).Assembly;
    private static readonly Assembly EvaluationAssembly = typeof(Evaluation.Metrics.ChrF).Assembly;
    private static readonly Assembly ServerAssembly = typeof(Server.TranslateServer).Assembly;
    private static readonly Assembly CliAssembly = Assembly.Load("translate");

    public static TheoryData<string> CoreLayers() => [.. Layers.SelectMany(row => row)];

    [Theory]
    [MemberData(nameof(CoreLayers))]
    public void CoreLayer_UsesOnlyTheLayersBeforeIt(string layer)
    {
        var row = Array.FindIndex(Layers, r => r.Contains(layer));
        var forbidden = Layers.Skip(row).SelectMany(r => r).Where(other => other != layer).Select(other => $"{Core}.{other}").ToArray();

        var result = Types.InAssembly(CoreAssembly).That().ResideInNamespace($"{Core}.{layer}").ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        AssertKept(result, $"{layer} uses a layer at or above its own ({string.Join(", ", forbidden)})");
    }

    [Fact]
    public void Core_EveryTypeIsInALayer()
    {
        var known = Layers.SelectMany(row => row).Select(layer => $"{Core}.{layer}").ToArray();

        var strays = CoreAssembly.GetTypes()
            .Where(type => type.Namespace is { } ns && ns.StartsWith(Core, StringComparison.Ordinal) && !type.Name.StartsWith('<'))
            .Where(type => !known.Any(layer => type.Namespace == layer || type.Namespace!.StartsWith(layer + ".", StringComparison.Ordinal)))
            .Select(type => type.FullName)
            .ToArray();

        Assert.True(strays.Length == 0, $"Types outside every layer of Core: {string.Join(", ", strays)}");
    }

    [Fact]
    public void Core_UsesNoTransportNoEvaluationNoHost()
    {
        var result = Types.InAssembly(CoreAssembly).ShouldNot()
            .HaveDependencyOnAny("Grpc", "Google.Protobuf", "Microsoft.AspNetCore", "Translate.Server", "Translate.Cli", "Translate.Evaluation", "System.CommandLine")
            .GetResult();

        AssertKept(result, "Core depends on transport, evaluation or a host");
        Assert.DoesNotContain(CoreAssembly.GetReferencedAssemblies(), name => name.Name is { } n && (n.StartsWith("Grpc", StringComparison.Ordinal) || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)));
    }

    [Fact]
    public void OnnxRuntime_OnlyInInferenceAndModels()
    {
        var inCore = Types.InAssembly(CoreAssembly).That()
            .DoNotResideInNamespace($"{Core}.Inference").And().DoNotResideInNamespace($"{Core}.Models")
            .ShouldNot().HaveDependencyOn("Microsoft.ML.OnnxRuntime").GetResult();
        AssertKept(inCore, "ONNX Runtime types are used outside Inference and Models");

        foreach (var assembly in (Assembly[])[EvaluationAssembly, ServerAssembly, CliAssembly])
        {
            var outside = Types.InAssembly(assembly).ShouldNot().HaveDependencyOn("Microsoft.ML.OnnxRuntime").GetResult();
            AssertKept(outside, $"{assembly.GetName().Name} uses ONNX Runtime types");
        }
    }

    [Fact]
    public void Evaluation_UsesNoTransportNoHost()
    {
        var result = Types.InAssembly(EvaluationAssembly).ShouldNot()
            .HaveDependencyOnAny("Grpc", "Microsoft.AspNetCore", "Translate.Server", "Translate.Cli", $"{Core}.Hosting")
            .GetResult();

        AssertKept(result, "Evaluation depends on transport or a host");
    }

    [Fact]
    public void Server_UsesNeitherTheCliNorEvaluation()
    {
        var result = Types.InAssembly(ServerAssembly).ShouldNot().HaveDependencyOnAny("Translate.Cli", "Translate.Evaluation").GetResult();

        AssertKept(result, "the Server depends on the CLI or on evaluation");
    }

    private static void AssertKept(NetArchTest.Rules.TestResult result, string rule) =>
        Assert.True(result.IsSuccessful, $"{rule}: {string.Join(", ", result.FailingTypeNames ?? [])}");
}
