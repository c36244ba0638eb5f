using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Journal.GrainInterfaces.Content;

/// <summary>The kinds of content (seed 000); on the wire as snake_case, as the product spells them.</summary>
[GenerateSerializer, Alias("journal.ContentType")]
public enum ContentType
{
    [JsonStringEnumMemberName("module")] Module,
    [JsonStringEnumMemberName("guide")] Guide,
    [JsonStringEnumMemberName("article")] Article,
    [JsonStringEnumMemberName("tip")] Tip,
    [JsonStringEnumMemberName("exercise_audio")] ExerciseAudio,
    [JsonStringEnumMemberName("exercise_cbt")] ExerciseCbt,
    [JsonStringEnumMemberName("crisis_resource")] CrisisResource,
    [JsonStringEnumMemberName("journal_prompt")] JournalPrompt,
}

[GenerateSerializer, Immutable, Alias("journal.ContentCategory")]
public sealed record ContentCategory(Guid Id, string Name, string? Description, int Order, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// A piece of content. <paramref name="Region"/>, <paramref name="Phone"/> and <paramref name="Url"/>
/// say where a crisis resource applies and how to reach it (other types may link a URL too).
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.ContentItem")]
public sealed record ContentItem(
    Guid Id,
    Guid? CategoryId,
    ContentType Type,
    string Title,
    string Slug,
    string? Summary,
    string? Body,
    string? AudioUrl,
    string? ImageUrl,
    string? Region,
    string? Phone,
    string? Url,
    bool IsPremium,
    bool IsPublished,
    DateTimeOffset? PublishedAt,
    int Order,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("journal.ContentQuery")]
public sealed record ContentQuery(ContentType? Type, Guid? CategoryId, string? Cursor, int Limit);

[GenerateSerializer, Immutable, Alias("journal.NewContentCategory")]
public sealed record NewContentCategory(string Name, string? Description, int Order);

/// <summary>A validated new item; its slug is already chosen (given, or made from the title).</summary>
[GenerateSerializer, Immutable, Alias("journal.NewContentItem")]
public sealed record NewContentItem(
    Guid? CategoryId, ContentType Type, string Title, string Slug, string? Summary, string? Body, string? AudioUrl, string? ImageUrl,
    string? Region, string? Phone, string? Url, bool IsPremium, bool IsPublished, int Order);

/// <summary>A partial change: null leaves a field as it is; an empty string clears an optional text.</summary>
[GenerateSerializer, Immutable, Alias("journal.ContentItemChange")]
public sealed record ContentItemChange(
    Guid? CategoryId, ContentType? Type, string? Title, string? Slug, string? Summary, string? Body, string? AudioUrl, string? ImageUrl,
    string? Region, string? Phone, string? Url, bool? IsPremium, bool? IsPublished, int? Order);

/// <summary>Why a library change was refused, if it was.</summary>
[GenerateSerializer, Alias("journal.Content.ContentStatus")]
public enum ContentStatus { Done, NotFound, NameTaken, SlugTaken, UnknownCategory }

[GenerateSerializer, Immutable, Alias("journal.ContentResult`1")]
public sealed record ContentResult<T>(ContentStatus Status, T? Item) where T : class;
