using System.Collections.Immutable;
using Journal.GrainInterfaces.Health;
using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Runtime.InvalidGrains;

namespace Journal.Tests.Runtime;

/// <summary>Semantic 5: grain call arguments and results are immutable records or primitives.</summary>
public sealed class GrainInterfaceRulesTests
{
    [Fact]
    public void Every_interface_in_grain_interfaces_takes_and_returns_immutable_types_only()
    {
        var interfaces = typeof(IHealthProbeGrain).Assembly.GetTypes()
            .Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t))
            .ToList();

        Assert.NotEmpty(interfaces);
        Assert.All(interfaces, i => Assert.Empty(GrainCatalog.Validate(i)));
    }

    [Fact]
    public void Every_test_grain_interface_is_valid_too()
    {
        var interfaces = TestRuntime.TestGrainClasses.SelectMany(c => c.GetInterfaces()).Where(i => typeof(IGrain).IsAssignableFrom(i)).Distinct();

        Assert.All(interfaces, i => Assert.Empty(GrainCatalog.Validate(i)));
    }

    [Theory]
    [InlineData(typeof(int))]
    [InlineData(typeof(string))]
    [InlineData(typeof(Guid?))]
    [InlineData(typeof(DayOfWeek))]
    [InlineData(typeof(ImmutableArray<string>))]
    [InlineData(typeof(ImmutableDictionary<string, Point>))]
    [InlineData(typeof(Point))]
    [InlineData(typeof(Line))]
    [InlineData(typeof(Size))]
    [InlineData(typeof(Tree))]
    [InlineData(typeof(System.Numerics.BigInteger))]
    [InlineData(typeof(Tuple<int, string>))]
    [InlineData(typeof(Journal.Tests.Runtime.Grains.ICounterGrain))]
    public void Immutable_types_are_accepted(Type type) => Assert.Null(ImmutableTypeRules.WhyMutable(type));

    [Theory]
    [InlineData(typeof(List<int>), "List<Int32> is not a record")]
    [InlineData(typeof(int[]), "Int32[] is an array")]
    [InlineData(typeof(IReadOnlyList<int>), "IReadOnlyList<Int32> is not a record")]
    [InlineData(typeof(SettableRecord), "SettableRecord.Name can be changed after construction")]
    [InlineData(typeof(RecordWithList), "RecordWithList.Items: List<String> is not a record")]
    [InlineData(typeof(ImmutableArray<SettableRecord>), "SettableRecord.Name can be changed")]
    [InlineData(typeof(object), "Object is not a record")]
    [InlineData(typeof(ImmutableList<int>.Builder), "Builder<Int32> is not a record")]
    [InlineData(typeof(IImmutableList<int>), "IImmutableList<Int32> is not a record")]
    [InlineData(typeof(OpenRecord), "OpenRecord is a record that is not sealed")]
    public void Mutable_types_are_rejected_with_the_reason(Type type, string reason) =>
        Assert.Contains(reason, ImmutableTypeRules.WhyMutable(type));

    [Fact]
    public void A_grain_interface_with_a_mutable_argument_stops_the_runtime_from_starting()
    {
        var error = Assert.Throws<GrainTypeValidationException>(() => TestRuntime.Start(extraGrains: typeof(MutableArgumentGrain)));

        Assert.Contains("IMutableArgumentGrain.Take: parameter 'items' is mutable: List<Int32> is not a record", error.Message);
    }

    public sealed record Point(int X, int Y);

    public sealed record Line(Point From, Point To, ImmutableList<Point> Via);

    public readonly record struct Size(int Width, int Height);

    public sealed record Tree(string Name, ImmutableArray<Tree> Children);

    public sealed record SettableRecord
    {
        public string Name { get; set; } = "";
    }

    public sealed record RecordWithList(List<string> Items);

    public record OpenRecord(int X);
}
