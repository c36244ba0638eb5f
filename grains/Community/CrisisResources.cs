namespace Journal.Grains.Community;

/// <summary>
/// The message a member receives when someone reports that they may be at risk of harming themselves.
/// Written to be gentle and to work anywhere: the local emergency number first, then a directory of
/// helplines, then two widely known lines.
/// </summary>
internal static class CrisisResources
{
    public const string Title = "You are not alone: support is available";

    public const string Body =
        "Someone in the community was worried about you and wanted you to have this. If you are in danger or thinking about " +
        "harming yourself, please call your local emergency number now. You can find a free, confidential helpline in your " +
        "country at https://findahelpline.com. In the US, call or text 988 (Suicide & Crisis Lifeline). In the UK and " +
        "Ireland, Samaritans answer 24/7 on 116 123. Talking to someone you trust can help too.";
}
