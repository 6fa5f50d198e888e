using Translate.Core.Text;

namespace Translate.Core.Tests.Text;

public sealed class DatelineTests
{
    [Theory]
    [InlineData("(CNN)They may not be aliens, a NASA scientist says.", "They may not be aliens, a NASA scientist says.")]
    [InlineData("New Delhi, India (CNN)As the earth shook in Nepal, tremors were felt.", "As the earth shook in Nepal, tremors were felt.")]
    [InlineData("WASHINGTON (AP) — The Senate voted on Tuesday.", "The Senate voted on Tuesday.")]
    [InlineData("LONDON (Reuters) - Shares fell.", "Shares fell.")]
    [InlineData("(The Hollywood Reporter)Stan Freberg, a comic, died at 88.", "Stan Freberg, a comic, died at 88.")]
    [InlineData("(CNN)\"A long, long, time ago...\"", "\"A long, long, time ago...\"")]
    public void Length_OpeningDateline_IsLeftOut(string sentence, string withoutDateline)
    {
        Assert.Equal(withoutDateline, sentence[Dateline.Length(sentence)..]);
    }

    [Theory]
    [InlineData("Apple (AAPL) shares fell on Monday.")]
    [InlineData("The United Nations (UN) met in Geneva.")]
    [InlineData("Gary Locke will be confirmed as manager on Friday.")]
    [InlineData("(CNN)")]
    [InlineData("")]
    public void Length_NoDateline_IsZero(string sentence)
    {
        Assert.Equal(0, Dateline.Length(sentence));
    }
}
