namespace Translate.Core.Processing;

/// <summary>A document the service cannot take as given; the message says what to change.</summary>
public sealed class InvalidDocumentException(string message) : Exception(message);
