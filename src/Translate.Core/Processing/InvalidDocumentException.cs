namespace Translate.Core.Processing;

/// <summary>A document the service cannot take as given; the message says what to change.</summary>
public sealed class InvalidDocumentException(string message) : Exception(message);

/// <summary>
/// A document took longer than the processing budget (Processing:MaxProcessingSeconds), or a text pattern ran past
/// its match timeout: the work was stopped rather than left to hold a core. The message says what to change.
/// </summary>
public sealed class ProcessingBudgetExceededException(string message, Exception? innerException = null) : Exception(message, innerException);
