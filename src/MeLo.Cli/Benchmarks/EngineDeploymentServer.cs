using MeLo.Model.Vit;
using MeLo.Serving.Engine;
using MeLo.Serving.Engine.Repository;
using Microsoft.Extensions.Options;

namespace MeLo.Cli.Benchmarks;

/// <summary>The MeLo methods in process: one <see cref="InferenceEngine"/> on the benchmark's backbone, each item naming its
/// (only) version, as the gateway's resolved version does, so no item costs a repository read.</summary>
sealed class EngineDeploymentServer(VisionTransformer backbone, IAdapterRepository repository, InferenceEngineOptions options,
    float[][] images, string version) : IDeploymentServer
{
    readonly InferenceEngine _engine = new(backbone, repository, Options.Create(options), leaveBackboneOpen: true);

    public Task ServeAsync(IReadOnlyList<(string Task, int Image)> chunk, CancellationToken cancellationToken) =>
        Task.WhenAll(chunk.Select(item =>
            _engine.InferAsync(new InferenceRequest(item.Task, images[item.Image], backbone.Config.ImageSize, version), cancellationToken)));

    public (long Switches, TimeSpan Time) Switching => (_engine.Statistics.AdapterSwitches, _engine.Statistics.SwitchTime);

    public int SilosAnswering => 0;

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}
