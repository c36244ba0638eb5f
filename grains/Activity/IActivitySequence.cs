namespace Journal.Grains.Activity;

/// <summary>A writer grain's stored state counts the activity events it published: their sequence, written with each event.</summary>
public interface IActivitySequence
{
    long EventSequence { get; set; }
}
