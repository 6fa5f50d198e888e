namespace Translate.Core.Models;

/// <summary>
/// How an edit or a summary names what made it, as the contract reports it: a kind, then after a colon which one
/// ("rules:glued-words", "onnx:opus-mt-fr-en", "apertium:fr-es>spa-eng"). Every name the service reports is made here.
/// </summary>
public static class EngineName
{
    /// <summary>Language identification alone (a sentence flagged as untranslated): "lingua", kept as clients know it.</summary>
    public const string LanguageIdentification = "lingua";

    /// <summary>A hand-written rule of the cleanup: "rules:NAME".</summary>
    public static string Rules(string rule) => $"rules:{rule}";

    /// <summary>An ONNX model of the manifest or configuration: "onnx:NAME".</summary>
    public static string Onnx(string model) => $"onnx:{model}";

    /// <summary>Apertium, with the route of its modes when known: "apertium:fr-es>spa-eng".</summary>
    public static string Apertium(string? route = null) => route is null ? "apertium" : $"apertium:{route}";
}
