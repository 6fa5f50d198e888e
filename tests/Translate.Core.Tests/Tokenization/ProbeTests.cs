using Xunit;

namespace Translate.Core.Tests.Tokenization;

public sealed class ProbeTests(HuggingFaceReference hf) : IClassFixture<HuggingFaceReference>
{
    [Fact]
    public void Probe()
    {
        foreach (var s in new[] { "Hello, world!", "a\0b", "Héllo İstanbul 한국 [CLS] x[SEP]y", "", "   " })
        {
            TestContext.Current.SendDiagnosticMessage($"{s.Replace("\0","<NUL>")} HF={string.Join(' ', hf.Reference(s))} OURS={string.Join(' ', hf.Ours.EncodeToIds(s))}");
            Console.WriteLine($"{s.Replace("\0","<NUL>")} HF={string.Join(' ', hf.Reference(s))} OURS={string.Join(' ', hf.Ours.EncodeToIds(s))}");
        }
    }
}
