namespace Translate.Core.Inference;

/// <summary>
/// A model run failed inside ONNX Runtime (an export it cannot run, an input it refuses). Inference turns ONNX
/// Runtime's own exception into this one, so no layer above it depends on ONNX Runtime's types.
/// </summary>
public sealed class ModelRunException(string message, Exception innerException) : Exception(message, innerException);
