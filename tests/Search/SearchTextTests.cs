using Journal.Grains.Journal.Search;

namespace Journal.Tests.Search;

/// <summary>How text becomes index terms, weights and snippets.</summary>
public sealed class SearchTextTests
{
    [Fact]
    public void Words_are_lower_cased_folded_and_split_at_punctuation()
    {
        var words = SearchText.Words("Café—naïve, STRASSE & Straße! Sam’s well-being (2024) cafe\u0301s Ørsted").Select(w => w.Normalized);

        Assert.Equal(["cafe", "naive", "strasse", "strasse", "sam's", "well", "being", "2024", "cafes", "orsted"], words);
    }

    [Fact]
    public void Word_positions_point_into_the_original_text()
    {
        const string text = "  Hello, wörld";
        var word = SearchText.Words(text).Last();

        Assert.Equal("wörld", text.Substring(word.Start, word.Length));
    }

    [Fact]
    public void Terms_drop_stop_words_and_stem_the_rest()
    {
        Assert.Equal(["run", "river", "feel", "down"], SearchText.Terms("I was running by the river, feeling down"));
        Assert.Empty(SearchText.Terms("and the of it"));
    }

    [Fact]
    public void A_title_word_outweighs_any_number_of_uses_in_the_text()
    {
        var weights = TermWeights.Of("Walking", "walk walk walk walk walk and rain rain");

        Assert.Equal(TermWeights.Title + TermWeights.MaxBody, weights["walk"]);
        Assert.Equal(2, weights["rain"]);
        Assert.True(TermWeights.Title > TermWeights.MaxBody);
        Assert.False(weights.ContainsKey("and"));
    }

    [Fact]
    public void Tokens_are_keyed_hashes_that_differ_between_keys()
    {
        var one = new BlindIndex(new byte[32]);
        var other = new BlindIndex(Enumerable.Repeat((byte)1, 32).ToArray());

        Assert.Equal(BlindIndex.TokenBytes, one.Token("calm").Length);
        Assert.Equal(one.Token("calm"), one.Token("calm"));
        Assert.NotEqual(one.Token("calm"), one.Token("calmer"));
        Assert.NotEqual(one.Token("calm"), other.Token("calm"));
        Assert.Equal(one.Token("calm"), Assert.Single(one.QueryTokens("calm, calmly and calm")));
    }

    [Fact]
    public void A_snippet_shows_the_first_match_in_context_on_one_line()
    {
        var text = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"w{i}")) + "\nthen I went running\n\nby the sea " + string.Join(' ', Enumerable.Range(41, 40).Select(i => $"w{i}"));

        var snippet = Snippets.Build(text, new HashSet<string> { "run" });

        Assert.StartsWith("…w36 w37", snippet);
        Assert.Contains("w40 then I went running by the sea w41", snippet);
        Assert.EndsWith("…", snippet);
        Assert.Equal(Snippets.Words, snippet.Trim('…').Split(' ').Length);
    }

    [Fact]
    public void Without_a_match_in_the_text_the_snippet_is_its_beginning()
    {
        Assert.Equal("Short and sweet.", Snippets.Build("Short and\n sweet.", new HashSet<string> { "walk" }));
        Assert.Equal("", Snippets.Build("…", new HashSet<string> { "walk" }));
    }
}
