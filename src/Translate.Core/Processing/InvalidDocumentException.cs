namespace Translate.Core.Processing;

/// <summary>A document the service cannot take as given; the message says what to change.</summary>
public sealed class InvalidDocumentException(string message) : Exception(message);

/// <summary>A model the request needs is not loaded (yet); the message says which and why.</summary>
public sealed class ModelUnavailableException(string message) : Exception(message);
