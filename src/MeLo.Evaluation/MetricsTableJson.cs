using System.Text.Json;
using System.Text.Json.Serialization;

namespace MeLo.Evaluation;

/// <summary>
/// JSON for <see cref="MetricsTableRow"/>s: camelCase property names, indented, and NaN metrics written as the
/// string "NaN" (plain JSON numbers cannot hold NaN).
/// </summary>
public static class MetricsTableJson
{
    /// <summary>The serializer options used here, read-only so every caller writes the same shape.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>A JSON array of the rows.</summary>
    public static string Serialize(IEnumerable<MetricsTableRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return JsonSerializer.Serialize(rows.ToArray(), Options);
    }

    /// <summary>The rows of a JSON array written by <see cref="Serialize"/>.</summary>
    /// <exception cref="JsonException">The text is not such an array or a row lacks a property.</exception>
    public static IReadOnlyList<MetricsTableRow> Deserialize(string json) =>
        JsonSerializer.Deserialize<MetricsTableRow[]>(json, Options)
        ?? throw new JsonException("Expected a JSON array of metrics table rows, found null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
