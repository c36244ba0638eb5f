using System.Text;

namespace Journal.Tests.Infrastructure;

/// <summary>
/// One span of an OTLP trace export, read from the protobuf wire format by field number
/// (opentelemetry/proto/trace/v1/trace.proto): just what the tests look at.
/// </summary>
public sealed record OtlpSpan(string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>The spans of an ExportTraceServiceRequest: resource_spans(1) → scope_spans(2) → scope(1) and spans(2).</summary>
    public static IEnumerable<OtlpSpan> ReadExport(byte[] export)
    {
        foreach (var resourceSpans in Fields(export, 1))
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                var scope = Fields(scopeSpans, 1).Select(s => Text(Fields(s, 1).FirstOrDefault())).FirstOrDefault() ?? "";
                foreach (var span in Fields(scopeSpans, 2)) yield return ReadSpan(scope, span);
            }
    }

    // Span: trace_id(1), span_id(2), parent_span_id(4), name(5), attributes(9) as KeyValue{key(1), value(2)}.
    private static OtlpSpan ReadSpan(string scope, ReadOnlyMemory<byte> span)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var attribute in Fields(span, 9))
            attributes[Text(Fields(attribute, 1).First())] = Fields(attribute, 2).Select(AnyValueText).FirstOrDefault() ?? "";
        return new OtlpSpan(scope, Hex(Fields(span, 1).FirstOrDefault()), Hex(Fields(span, 2).FirstOrDefault()), Hex(Fields(span, 4).FirstOrDefault()),
            Text(Fields(span, 5).FirstOrDefault()), attributes);
    }

    // AnyValue: string_value(1) is what the tests compare; other kinds are shown by their wire bytes.
    private static string AnyValueText(ReadOnlyMemory<byte> value) =>
        Fields(value, 1).Select(Text).FirstOrDefault() ?? Hex(value);

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    private static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);

    /// <summary>The length-delimited fields numbered <paramref name="number"/> of a message, in order (others are skipped).</summary>
    private static List<ReadOnlyMemory<byte>> Fields(ReadOnlyMemory<byte> message, int number)
    {
        var found = new List<ReadOnlyMemory<byte>>();
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message.Span, ref position);
            var (field, wireType) = ((int)(tag >> 3), (int)(tag & 7));
            switch (wireType)
            {
                case 0: Varint(message.Span, ref position); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case 2:
                    var length = (int)Varint(message.Span, ref position);
                    if (field == number) found.Add(message.Slice(position, length));
                    position += length;
                    break;
                default: throw new InvalidDataException($"Wire type {wireType} is not used by OTLP.");
            }
        }
        return found;
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
