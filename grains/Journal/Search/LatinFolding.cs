using System.Collections.Frozen;

namespace Journal.Grains.Journal.Search;

/// <summary>
/// Folds Latin letters with diacritics to their base letters ("é" → "e", "ß" → "ss", "Ø" → "o").
/// The services run with invariant globalization (no ICU), where <see cref="string.Normalize()"/>
/// does not decompose characters, so the Latin-1 and Latin Extended-A/B letters are folded by this
/// table (made from their Unicode decompositions); combining marks after a letter are dropped by
/// the caller. Other scripts are kept as they are, lower-cased.
/// </summary>
internal static class LatinFolding
{
    private static readonly FrozenDictionary<char, string> s_folds = new (string Letters, string Base)[]
    {
        ("ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧ", "a"), ("Ææ", "ae"), ("ÇçĆćĈĉĊċČč", "c"), ("ÐðĎďĐđ", "d"), ("ǄǅǆǱǲǳ", "dz"),
        ("ÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇȨȩ", "e"), ("ƒ", "f"), ("ĜĝĞğĠġĢģǦǧǴǵ", "g"), ("ĤĥĦħȞȟ", "h"),
        ("ÌÍÎÏìíîïĨĩĪīĬĭĮįıǏǐȈȉȊȋ", "i"), ("Ĳĳ", "ij"), ("Ĵĵǰ", "j"), ("ĶķĸǨǩ", "k"), ("ĹĺĻļĽľĿŀŁł", "l"), ("Ǉǈǉ", "lj"),
        ("ÑñŃńŅņŇňŉǸǹ", "n"), ("Ǌǋǌ", "nj"), ("ÒÓÔÕÖØòóôõöøŌōŎŏŐőƠơǑǒǪǫǬǭȌȍȎȏȪȫȬȭȮȯȰȱ", "o"), ("Œœ", "oe"),
        ("ŔŕŖŗŘřȐȑȒȓ", "r"), ("ŚśŜŝŞşŠšſȘș", "s"), ("ß", "ss"), ("ŢţŤťŦŧȚț", "t"), ("Þþ", "th"),
        ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗ", "u"), ("Ŵŵ", "w"), ("ÝýÿŶŷŸȲȳ", "y"), ("ŹźŻżŽž", "z"),
    }.SelectMany(fold => fold.Letters.Select(letter => (letter, fold.Base))).ToFrozenDictionary(pair => pair.letter, pair => pair.Base);

    /// <summary>The base letters of <paramref name="c"/>, or null when it has none here.</summary>
    public static string? Fold(char c) => s_folds.GetValueOrDefault(c);
}
