using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Journal.Grains.Attachments;

public static class AttachmentServices
{
    /// <summary>The attachment store chosen by <c>Attachments:Store</c> (configuration section <c>Attachments</c>), checked at start-up.</summary>
    public static IServiceCollection AddAttachmentStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection(AttachmentOptions.SectionName))
            .Validate(o => o.QuotaBytes > 0, "Attachments:QuotaBytes must be a positive number of bytes.")
            .Validate(o => o.Store is "FileSystem" or "S3", "Attachments:Store must be FileSystem or S3.")
            .Validate(o => o.Store != "S3" || (o.S3.Endpoint.Length > 0 && o.S3.Bucket.Length > 0 && o.S3.AccessKey.Length > 0 && o.S3.SecretKey.Length > 0),
                "Attachments:Store S3 needs Attachments:S3:Endpoint, Bucket, AccessKey and SecretKey.")
            .ValidateOnStart();
        services.AddSingleton<IAttachmentStore>(provider => provider.GetRequiredService<IOptions<AttachmentOptions>>().Value.Store == "S3"
            ? ActivatorUtilities.CreateInstance<S3AttachmentStore>(provider)
            : ActivatorUtilities.CreateInstance<FileSystemAttachmentStore>(provider));
        return services;
    }
}
