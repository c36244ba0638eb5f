namespace Journal.Runtime;

internal static class StateConflict
{
    public static InconsistentStateException Create(string stateName, GrainId grainId, string? stored, string? expected) =>
        new($"State '{stateName}' of {grainId} was changed elsewhere: stored version {stored ?? "none"}, this activation expected {expected ?? "none"}. "
            + "The activation is deactivated; retry to work on the current state.", stored, expected);
}
