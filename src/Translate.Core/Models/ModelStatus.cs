
namespace Translate.Core.Models;

/// <summary>A model the service uses, and whether it is ready.</summary>
public sealed record ModelStatus(string Name, string Task, string Source, bool Ready, string Detail);
