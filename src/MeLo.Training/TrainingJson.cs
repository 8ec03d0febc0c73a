using System.Text.Json;
using System.Text.Json.Serialization;
using MeLo.Evaluation;

namespace MeLo.Training;

/// <summary>JSON for reports and checkpoint state: the metrics-table conventions (camelCase, NaN as "NaN") plus enums as names.</summary>
public static class TrainingJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(MetricsTableJson.Options);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
