namespace Journal.Grains;

/// <summary>Names this assembly for grain registration (<c>AddGrainsFromAssembly(typeof(GrainsAssembly).Assembly)</c>).</summary>
public static class GrainsAssembly;
