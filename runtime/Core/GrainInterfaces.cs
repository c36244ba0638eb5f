namespace Journal.Runtime;

/// <summary>Marker for anything that can be addressed by a grain reference.</summary>
public interface IAddressable;

/// <summary>Marker for grain interfaces.</summary>
public interface IGrain : IAddressable;

/// <summary>A grain whose key is a <see cref="Guid"/>.</summary>
public interface IGrainWithGuidKey : IGrain;

/// <summary>A grain whose key is a string.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>Returns references (proxies) to grains; the grain object itself is never handed out.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey) where TGrainInterface : IGrainWithGuidKey;

    TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey;
}
