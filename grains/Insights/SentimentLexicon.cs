using System.Collections.Frozen;

namespace Journal.Grains.Insights;

/// <summary>
/// The words the sentiment scorer knows, with a valence from -4 (very negative) to +4 (very
/// positive), on the scale of the VADER lexicon. Written for this project around what people write
/// in a well-being journal (feelings, sleep, stress, relationships), lower-case; inflections are
/// listed where a stem would not match. Plus the negators and the intensifiers that change a word's
/// weight.
/// </summary>
internal static class SentimentLexicon
{
    public static readonly FrozenDictionary<string, double> Valence = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        // Positive
        ["good"] = 1.9, ["great"] = 3.1, ["wonderful"] = 3.2, ["amazing"] = 3.0, ["awesome"] = 3.1, ["excellent"] = 3.2, ["fantastic"] = 3.3,
        ["nice"] = 1.8, ["lovely"] = 2.8, ["beautiful"] = 2.9, ["perfect"] = 2.7, ["fine"] = 0.8, ["better"] = 1.9, ["best"] = 3.0,
        ["happy"] = 2.7, ["happier"] = 2.7, ["happiness"] = 2.6, ["glad"] = 2.0, ["joy"] = 2.8, ["joyful"] = 2.9, ["cheerful"] = 2.5,
        ["grateful"] = 2.5, ["thankful"] = 2.4, ["gratitude"] = 2.4, ["appreciated"] = 2.2, ["appreciate"] = 2.0, ["blessed"] = 2.4,
        ["calm"] = 1.8, ["peaceful"] = 2.3, ["relaxed"] = 2.0, ["relaxing"] = 2.0, ["rested"] = 1.6, ["relieved"] = 1.9, ["relief"] = 1.7,
        ["proud"] = 2.1, ["confident"] = 2.2, ["capable"] = 1.7, ["strong"] = 1.5, ["healthy"] = 1.7, ["safe"] = 1.6,
        ["hopeful"] = 2.3, ["hope"] = 1.9, ["optimistic"] = 2.3, ["motivated"] = 1.9, ["inspired"] = 2.2, ["energized"] = 1.9, ["energy"] = 1.0,
        ["excited"] = 2.2, ["exciting"] = 2.2, ["fun"] = 2.3, ["enjoy"] = 2.2, ["enjoyed"] = 2.3, ["enjoying"] = 2.3, ["laughed"] = 2.0,
        ["laugh"] = 2.0, ["smile"] = 2.0, ["smiled"] = 2.0, ["love"] = 3.2, ["loved"] = 2.9, ["loving"] = 2.9, ["kind"] = 2.0, ["kindness"] = 2.2,
        ["friendly"] = 2.2, ["support"] = 1.7, ["supportive"] = 2.0, ["helped"] = 1.6, ["helpful"] = 1.8, ["productive"] = 1.8,
        ["satisfying"] = 2.0, ["satisfied"] = 1.8, ["content"] = 1.5, ["cozy"] = 1.9, ["pleasant"] = 2.0, ["comfortable"] = 1.6,
        ["progress"] = 1.5, ["success"] = 2.7, ["successful"] = 2.7, ["accomplished"] = 2.1, ["win"] = 2.4, ["won"] = 2.4,
        ["praised"] = 2.2, ["praise"] = 2.1, ["celebrate"] = 2.5, ["wow"] = 2.0, ["smoothly"] = 1.4, ["easy"] = 1.5, ["light"] = 0.8,
        ["blooming"] = 1.8, ["sunny"] = 1.5, ["surprised"] = 0.9, ["well"] = 1.1, ["nicely"] = 1.8, ["fresh"] = 1.3,

        // Negative
        ["bad"] = -2.5, ["worse"] = -2.1, ["worst"] = -3.1, ["awful"] = -2.8, ["terrible"] = -2.9, ["horrible"] = -3.0, ["disaster"] = -3.1,
        ["sad"] = -2.1, ["sadness"] = -2.0, ["unhappy"] = -2.3, ["miserable"] = -2.9, ["depressed"] = -2.6, ["depressing"] = -2.5, ["depression"] = -2.7,
        ["cried"] = -1.9, ["cry"] = -1.9, ["crying"] = -2.0, ["tears"] = -1.6, ["hurt"] = -2.2, ["hurts"] = -2.2, ["pain"] = -2.2, ["painful"] = -2.3,
        ["anxious"] = -1.9, ["anxiety"] = -1.9, ["worried"] = -1.9, ["worry"] = -1.9, ["worrying"] = -1.9, ["nervous"] = -1.6, ["panic"] = -2.6,
        ["scared"] = -2.2, ["afraid"] = -2.0, ["fear"] = -2.2, ["restless"] = -1.3, ["tense"] = -1.4, ["tight"] = -0.6,
        ["stress"] = -1.8, ["stressed"] = -1.9, ["stressful"] = -1.9, ["overwhelmed"] = -2.0, ["pressure"] = -1.2, ["deadlines"] = -0.6,
        ["exhausted"] = -2.0, ["tired"] = -1.5, ["drained"] = -1.8, ["sick"] = -1.9, ["ill"] = -1.8, ["headache"] = -1.6,
        ["lonely"] = -2.0, ["alone"] = -1.0, ["empty"] = -1.6, ["numb"] = -1.5, ["hopeless"] = -2.9, ["worthless"] = -2.9, ["useless"] = -2.3,
        ["failure"] = -2.6, ["failed"] = -2.3, ["fail"] = -2.3, ["mistake"] = -1.6, ["rejected"] = -2.2, ["crushed"] = -2.3, ["broken"] = -2.0,
        ["angry"] = -2.3, ["anger"] = -2.3, ["mad"] = -2.0, ["furious"] = -2.9, ["annoyed"] = -1.6, ["annoys"] = -1.6, ["annoying"] = -1.7,
        ["frustrated"] = -1.9, ["frustrating"] = -2.0, ["irritated"] = -1.7, ["yelled"] = -1.8, ["snapped"] = -1.6, ["argument"] = -1.5, ["fight"] = -1.7,
        ["upset"] = -1.9, ["guilty"] = -1.9, ["guilt"] = -1.8, ["ashamed"] = -2.1, ["shame"] = -2.1, ["embarrassed"] = -1.6, ["regret"] = -1.8,
        ["disappointed"] = -2.0, ["disappointing"] = -2.0, ["hate"] = -2.7, ["hated"] = -2.7, ["ruined"] = -2.3, ["ruin"] = -2.2,
        ["stuck"] = -1.4, ["unmotivated"] = -1.6, ["grey"] = -0.6, ["gray"] = -0.6, ["awkward"] = -1.0, ["boring"] = -1.3, ["bored"] = -1.3,
        ["struggle"] = -1.8, ["struggling"] = -1.9, ["difficult"] = -1.5, ["hard"] = -0.7, ["problem"] = -1.5, ["problems"] = -1.5, ["trouble"] = -1.7,
        ["insomnia"] = -1.9, ["nightmare"] = -2.2, ["dread"] = -2.2, ["miss"] = -1.0, ["lost"] = -1.3, ["wrong"] = -2.1, ["breakup"] = -1.8,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Words that turn the sentiment of what follows them around ("not happy", "never calm").</summary>
    public static readonly FrozenSet<string> Negators = new[]
    {
        "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "without", "hardly", "barely", "cannot", "cant", "dont", "didnt",
        "doesnt", "isnt", "wasnt", "arent", "werent", "wont", "wouldnt", "couldnt", "shouldnt", "havent", "hasnt", "hadnt",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that make the next sentiment word stronger (above 1) or weaker (below 1).</summary>
    public static readonly FrozenDictionary<string, double> Intensifiers = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["very"] = 1.3, ["really"] = 1.3, ["so"] = 1.3, ["extremely"] = 1.5, ["incredibly"] = 1.5, ["totally"] = 1.3, ["completely"] = 1.3,
        ["absolutely"] = 1.4, ["deeply"] = 1.4, ["truly"] = 1.3, ["super"] = 1.3, ["too"] = 1.2, ["quite"] = 1.1, ["such"] = 1.2, ["much"] = 1.2,
        ["slightly"] = 0.5, ["somewhat"] = 0.6, ["bit"] = 0.6, ["little"] = 0.6, ["almost"] = 0.7, ["mildly"] = 0.5,
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
