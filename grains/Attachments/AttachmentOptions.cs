using Journal.GrainInterfaces.Attachments;

namespace Journal.Grains.Attachments;

/// <summary>Where attachments are stored and how much a user may store (configuration section <c>Attachments</c>).</summary>
public sealed class AttachmentOptions
{
    public const string SectionName = "Attachments";

    /// <summary><c>FileSystem</c> (the embedded default) or <c>S3</c>.</summary>
    public string Store { get; set; } = "FileSystem";

    /// <summary>The file store's folder; every node of a cluster must see the same one.</summary>
    public string Directory { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "orleans-journal", "attachments");

    public long QuotaBytes { get; set; } = AttachmentLimits.DefaultQuotaBytes;

    public S3Options S3 { get; set; } = new();

    /// <summary>An S3-compatible bucket: AWS S3 or any server speaking its API (path-style addressing).</summary>
    public sealed class S3Options
    {
        /// <summary>The service URL, e.g. https://s3.eu-west-1.amazonaws.com or http://localhost:9000.</summary>
        public string Endpoint { get; set; } = "";

        public string Bucket { get; set; } = "";

        public string AccessKey { get; set; } = "";

        public string SecretKey { get; set; } = "";

        /// <summary>The region requests are signed for (many S3-compatible servers accept any).</summary>
        public string Region { get; set; } = "us-east-1";
    }
}
