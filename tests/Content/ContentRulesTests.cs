using Journal.GrainInterfaces.Content;
using Journal.Grains.Content;

namespace Journal.Tests.Content;

/// <summary>Slugs, content type names and the daily pick.</summary>
public sealed class ContentRulesTests
{
    [Theory]
    [InlineData("Box breathing: 4 × 4", "box-breathing-4-4")]
    [InlineData("  Crème brûlée & Co. ", "creme-brulee-co")]
    [InlineData("What's next?", "whats-next")]
    [InlineData("???", "")]
    public void Slugs_are_made_from_titles(string title, string slug)
    {
        Assert.Equal(slug, Slugs.FromTitle(title));
        if (slug.Length > 0) Assert.True(Slugs.IsValid(slug));
    }

    [Theory]
    [InlineData("Has-Capitals")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    [InlineData("line\n")]
    [InlineData("")]
    public void Invalid_slugs_are_refused(string slug) => Assert.False(Slugs.IsValid(slug));

    [Fact]
    public void A_long_title_makes_a_slug_of_whole_words_within_the_limit()
    {
        var slug = Slugs.FromTitle(string.Join(' ', Enumerable.Repeat("breathing", 30)));

        Assert.True(Slugs.IsValid(slug));
        Assert.All(slug.Split('-'), word => Assert.Equal("breathing", word));
    }

    [Fact]
    public void Content_types_have_their_product_names_both_ways()
    {
        Assert.Equal("exercise_cbt", ContentTypes.ToText(ContentType.ExerciseCbt));
        Assert.Equal(ContentType.JournalPrompt, ContentTypes.Parse("journal_prompt"));
        Assert.Equal(8, ContentTypes.Names.Count());
        Assert.False(ContentTypes.TryParse("ExerciseCbt", out _));
    }

    [Fact]
    public void The_daily_pick_is_stable_for_a_user_and_day_and_varies_across_days_and_users()
    {
        var user = Guid.NewGuid();
        var day = new DateOnly(2026, 11, 28);

        Assert.Equal(DailyPick.Index(user, day, 10), DailyPick.Index(user, day, 10));
        Assert.True(Enumerable.Range(0, 30).Select(i => DailyPick.Index(user, day.AddDays(i), 10)).Distinct().Count() > 3);
        var spread = Enumerable.Range(0, 1000).Select(_ => DailyPick.Index(Guid.NewGuid(), day, 4)).GroupBy(i => i).ToList();
        Assert.Equal(4, spread.Count);
        Assert.All(spread, pick => Assert.InRange(pick.Count(), 180, 320));
    }
}
