using System.Globalization;
using System.Collections.Concurrent;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;
using MeLo.Model.Vit;
using MeLo.Serving.Engine;
using Microsoft.Extensions.DependencyInjection;
using Tensor = MeLo.Grid.Protos.V1.Tensor;

namespace MeLo.Cli.Benchmarks;

/// <summary>
/// The MeLo methods through a live grid: a gateway and two silos in this process (localhost clustering), each silo with its
/// own engine and copy of the backbone, adapters uploaded over gRPC, and every chunk sent as one unary Diagnose call of
/// tensor items. Switches are counted over both silos' engines.
/// </summary>
sealed class GridDeploymentServer : IDeploymentServer
{
    readonly InProcessGrid _grid;
    readonly IInferenceEngine[] _engines;
    readonly Grpc.Net.Client.GrpcChannel _channel;
    readonly DiagnosisService.DiagnosisServiceClient _diagnosis;
    readonly Tensor[] _images;
    readonly ConcurrentDictionary<string, bool> _silos = new();

    GridDeploymentServer(InProcessGrid grid, IInferenceEngine[] engines, Tensor[] images)
    {
        _grid = grid;
        _engines = engines;
        _images = images;
        _channel = grid.CreateChannel();
        _diagnosis = new DiagnosisService.DiagnosisServiceClient(_channel);
    }

    /// <param name="createBackbone">Makes one copy of the benchmark's backbone per silo (same weights, so the adapters fit both).</param>
    /// <param name="adapters">Adapter files by task id, uploaded and activated before the first chunk.</param>
    public static async Task<GridDeploymentServer> StartAsync(Func<VisionTransformer> createBackbone, InferenceEngineOptions engine,
        IReadOnlyDictionary<string, byte[]> adapters, float[][] images, int imageSize, CancellationToken cancellationToken)
    {
        // Configuration rather than a services callback: the second silo must get the same engine settings.
        string Key(string name) => $"{InferenceEngineOptions.SectionName}:{name}";
        var configuration = new Dictionary<string, string?>
        {
            [Key(nameof(engine.MaxBatchSize))] = engine.MaxBatchSize.ToString(CultureInfo.InvariantCulture),
            // Room for the gateway's retries of a slow call beside the chunk itself (an item answered late is retried, not lost).
            [Key(nameof(engine.QueueCapacity))] = (4 * engine.QueueCapacity).ToString(CultureInfo.InvariantCulture),
            [Key(nameof(engine.Policy))] = engine.Policy.ToString(),
            [Key(nameof(engine.GroupedSwitchMode))] = engine.GroupedSwitchMode.ToString(),
            [Key(nameof(engine.AdapterCapacity))] = engine.AdapterCapacity.ToString(CultureInfo.InvariantCulture),
            [Key(nameof(engine.MaxRank))] = engine.MaxRank.ToString(CultureInfo.InvariantCulture),
        };
        var grid = await InProcessGrid.StartAsync(createBackbone(), configuration);
        try
        {
            var second = await grid.AddSiloAsync(createBackbone());
            IInferenceEngine[] engines = [grid.Services.GetRequiredService<IInferenceEngine>(), second.GetRequiredService<IInferenceEngine>()];
            var tensors = images.Select(pixels => new Tensor { Values = { pixels }, Shape = { 3, imageSize, imageSize } }).ToArray();
            var server = new GridDeploymentServer(grid, engines, tensors);
            var uploads = new AdapterService.AdapterServiceClient(server._channel);
            foreach (var (task, file) in adapters)
                await uploads.UploadAsync(task, file, cancellationToken: cancellationToken);
            return server;
        }
        catch
        {
            await grid.DisposeAsync();
            throw;
        }
    }

    public async Task ServeAsync(IReadOnlyList<(string Task, int Image)> chunk, CancellationToken cancellationToken)
    {
        var request = new DiagnoseRequest();
        request.Items.AddRange(chunk.Select((item, i) => new DiagnosisItem { Id = i.ToString(CultureInfo.InvariantCulture), Task = item.Task, Tensor = _images[item.Image] }));
        var response = await _diagnosis.DiagnoseAsync(request, cancellationToken: cancellationToken);
        foreach (var answer in response.Answers)
            _silos.TryAdd(answer.Result.Silo, true);
    }

    public (long Switches, TimeSpan Time) Switching =>
        (_engines.Sum(e => e.Statistics.AdapterSwitches), TimeSpan.FromTicks(_engines.Sum(e => e.Statistics.SwitchTime.Ticks)));

    public int SilosAnswering => _silos.Count;

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _grid.DisposeAsync();
    }
}
