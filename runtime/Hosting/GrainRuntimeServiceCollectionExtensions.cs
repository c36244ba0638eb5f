using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Journal.Runtime;

public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>Adds the grain runtime; start it with <see cref="GrainRuntime.Start"/> (the silo's hosted service does).</summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeBuilder> configure)
    {
        var registrations = new GrainRegistrations();
        services.AddOptions<GrainRuntimeOptions>();
        services.AddSingleton<IValidateOptions<GrainRuntimeOptions>, GrainRuntimeOptionsValidator>();
        services.AddSingleton(registrations);
        services.AddSingleton<GrainRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        configure(new GrainRuntimeBuilder(services, registrations));
        return services;
    }
}
