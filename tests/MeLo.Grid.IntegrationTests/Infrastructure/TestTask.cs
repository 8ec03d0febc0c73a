using MeLo.Hosting;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>A task served in the tests: a random adapter for the demo backbone, deterministic by seed.</summary>
sealed record TestTask(string Id, string[] Labels, bool MultiLabel, long Seed)
{
    public static readonly TestTask Alpha = new("alpha", ["absent", "present"], false, 11);
    public static readonly TestTask Beta = new("beta", ["eosinophil", "lymphocyte", "monocyte", "neutrophil"], false, 12);
    public static readonly TestTask Gamma = new("gamma", ["effusion", "nodule", "pneumothorax"], true, 13);

    public static IReadOnlyList<TestTask> All { get; } = [Alpha, Beta, Gamma];

    public byte[] AdapterFile(VisionTransformer backbone, long? seed = null) => RandomAdapter.Create(backbone, new AdapterManifest
    {
        TaskId = Id,
        Labels = Labels,
        MultiLabel = MultiLabel,
        DisplayName = $"test task {Id}",
        Metrics = new Dictionary<string, double> { ["auc"] = 0.5 },
    }, seed ?? Seed);
}
