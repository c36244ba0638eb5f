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

        // Positive, second round: general affect vocabulary (joy, calm, love, achievement, health, beauty)
        ["delighted"] = 2.9, ["thrilled"] = 2.9, ["elated"] = 3.0, ["ecstatic"] = 3.1, ["glorious"] = 3.0, ["gorgeous"] = 3.0, ["stunning"] = 2.8,
        ["breathtaking"] = 2.9, ["magical"] = 2.6, ["incredible"] = 2.8, ["brilliant"] = 2.8, ["superb"] = 3.0, ["terrific"] = 3.0, ["marvelous"] = 3.0,
        ["delicious"] = 2.5, ["tasty"] = 2.0, ["lucky"] = 2.2, ["fortunate"] = 2.2, ["peace"] = 2.3, ["serene"] = 2.4, ["tranquil"] = 2.2,
        ["refreshed"] = 1.9, ["recharged"] = 1.8, ["centered"] = 1.5, ["grounded"] = 1.4, ["balanced"] = 1.4, ["clear"] = 0.8, ["free"] = 1.6,
        ["celebrated"] = 2.4, ["celebration"] = 2.5, ["promotion"] = 1.8, ["achievement"] = 2.3, ["achieved"] = 2.2, ["proudly"] = 2.1,
        ["smiling"] = 2.1, ["smiles"] = 2.0, ["laughing"] = 2.2, ["laughter"] = 2.3, ["hug"] = 2.0, ["hugs"] = 2.0, ["cuddle"] = 1.9,
        ["adore"] = 3.0, ["cherish"] = 2.7, ["treasure"] = 2.2, ["warm"] = 1.4, ["warmth"] = 1.8, ["tender"] = 1.4, ["gentle"] = 1.5,
        ["inspiring"] = 2.4, ["uplifting"] = 2.4, ["encouraging"] = 2.1, ["encouraged"] = 2.0, ["reassured"] = 1.8, ["comforted"] = 1.9, ["comforting"] = 1.9,
        ["thriving"] = 2.4, ["flourishing"] = 2.4, ["healing"] = 1.6, ["recovered"] = 1.7, ["improving"] = 1.6, ["improved"] = 1.7, ["stronger"] = 1.8,
        ["brave"] = 2.1, ["courage"] = 2.0, ["resilient"] = 2.0, ["patient"] = 1.3, ["kindly"] = 1.8, ["generous"] = 2.2, ["thoughtful"] = 1.9,
        ["beautifully"] = 2.8, ["wonderfully"] = 3.0, ["happily"] = 2.6, ["gladly"] = 2.0, ["joyous"] = 2.9, ["blissful"] = 2.9, ["bliss"] = 2.8,
        ["pleased"] = 1.9, ["fulfilled"] = 2.2, ["fulfilling"] = 2.2, ["meaningful"] = 2.0, ["rewarding"] = 2.2, ["worthwhile"] = 1.9, ["valued"] = 1.9,
        ["welcomed"] = 1.8, ["included"] = 1.4, ["connected"] = 1.4, ["understood"] = 1.5, ["heard"] = 0.8, ["accepted"] = 1.6, ["belong"] = 1.6,
        ["yay"] = 2.4, ["hooray"] = 2.5, ["cool"] = 1.3, ["sweet"] = 1.9, ["pretty"] = 1.5, ["gift"] = 1.7, ["holiday"] = 1.2,

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
        // Negative, second round: general affect vocabulary (sadness, fear, anger, shame, fatigue, loneliness, illness, conflict)
        ["dreading"] = -2.3, ["dreaded"] = -2.2, ["terrified"] = -3.0, ["frightened"] = -2.4, ["panicked"] = -2.5, ["uneasy"] = -1.6, ["jittery"] = -1.4,
        ["sleepless"] = -1.9, ["insomniac"] = -1.8, ["racing"] = -0.9, ["spiraling"] = -1.9, ["spiralling"] = -1.9, ["overthinking"] = -1.6, ["ruminating"] = -1.7,
        ["mess"] = -1.7, ["messy"] = -1.2, ["chaos"] = -1.9, ["chaotic"] = -1.8, ["burned"] = -1.2, ["burnt"] = -1.2, ["burnout"] = -2.3,
        ["invisible"] = -1.5, ["ignored"] = -1.9, ["excluded"] = -1.9, ["abandoned"] = -2.6, ["unwanted"] = -2.3, ["unloved"] = -2.7, ["isolated"] = -2.1,
        ["stung"] = -1.6, ["hurtful"] = -2.2, ["betrayed"] = -2.7, ["humiliated"] = -2.6, ["insulted"] = -2.2, ["criticized"] = -1.6, ["blamed"] = -1.8,
        ["heartbroken"] = -2.9, ["grief"] = -2.6, ["grieving"] = -2.5, ["mourning"] = -2.3, ["sorrow"] = -2.4, ["despair"] = -3.0, ["devastated"] = -3.0,
        ["gloomy"] = -1.9, ["bleak"] = -2.0, ["dark"] = -1.0, ["heavy"] = -1.1, ["low"] = -1.1, ["down"] = -0.8, ["blue"] = -0.6,
        ["loneliness"] = -2.2, ["lonelier"] = -2.0, ["homesick"] = -1.7, ["missed"] = -1.1, ["longing"] = -1.2,
        ["irritable"] = -1.8, ["resentful"] = -2.1, ["bitter"] = -1.9, ["hostile"] = -2.3, ["rage"] = -2.9, ["enraged"] = -2.9, ["livid"] = -2.8,
        ["weary"] = -1.6, ["fatigued"] = -1.8, ["sluggish"] = -1.3, ["lethargic"] = -1.6, ["burdened"] = -1.8, ["heavier"] = -1.0,
        ["nauseous"] = -1.7, ["dizzy"] = -1.3, ["aching"] = -1.6, ["aches"] = -1.5, ["fever"] = -1.5, ["injured"] = -1.9, ["migraine"] = -2.0,
        ["crisis"] = -2.5, ["emergency"] = -1.9, ["failing"] = -2.3, ["defeated"] = -2.3, ["inadequate"] = -2.1, ["incompetent"] = -2.2,
        ["regretful"] = -1.9, ["remorse"] = -1.9, ["jealous"] = -1.7, ["envious"] = -1.6, ["insecure"] = -1.8, ["helpless"] = -2.5, ["powerless"] = -2.3,
        ["horrid"] = -2.8, ["dreadful"] = -2.7, ["awfully"] = -1.9, ["sucks"] = -2.1, ["ugh"] = -1.7, ["sobbed"] = -2.3, ["sobbing"] = -2.3,
        ["tension"] = -1.5, ["conflict"] = -1.7, ["quarrel"] = -1.7, ["shouted"] = -1.6, ["screamed"] = -1.9, ["slammed"] = -1.4,
        ["late"] = -0.5, ["cancelled"] = -0.9, ["canceled"] = -0.9, ["delayed"] = -0.8, ["broke"] = -1.3, ["debt"] = -1.8,
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
