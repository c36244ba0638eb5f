using Journal.Grains.Insights;

namespace Journal.Tests.Insights;

public sealed class KeywordsTests
{
    [Fact]
    public void Stop_words_and_short_words_are_left_out_and_a_word_counts_once_per_text()
    {
        var top = Keywords.Top(["Today I went running; running is my therapy.", "Work was busy, then RUNNING again.", "I don't like work at all"], 3);

        Assert.Equal([("running", 2), ("work", 2), ("busy", 1)], top.Select(k => (k.Word, k.Count))); // "again", "went", "like" are stop-words
        Assert.DoesNotContain("don't", Keywords.Words("I don't like it"));
        Assert.Equal(["grandma's", "garden"], Keywords.Words("Grandma’s garden"));
    }
}
