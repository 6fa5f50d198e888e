namespace Translate.LoadGenerator;

/// <summary>A problem the person running the load generator can fix; printed without a stack trace.</summary>
internal sealed class LoadGeneratorException(string message) : Exception(message);
