using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;
using MeLo.Model.Vit;
using MeLo.Serving.Engine;
using MeLo.Serving.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;

namespace MeLo.Grid.IntegrationTests;

/// <summary>An in-process grid grown to two silos (`melo bench deployment --grid`): the joined silo serves, and correctly.</summary>
public sealed class InProcessGridTests
{
    [Fact]
    public async Task A_silo_added_in_process_joins_the_cluster_and_serves_tasks_as_the_model_core_computes()
    {
        using var reference = new ReferenceModel();
        await using var grid = await InProcessGrid.StartAsync(DemoBackbone.Create());
        var second = await grid.AddSiloAsync(DemoBackbone.Create());
        // Placement may use the joined silo at once: the first silo already has its load report.
        Assert.NotNull(grid.Services.GetRequiredService<ServingLoadView>().Fresh(second.GetRequiredService<ILocalSiloDetails>().SiloAddress));
        using var channel = grid.CreateChannel();
        var adapters = new AdapterService.AdapterServiceClient(channel);
        foreach (var task in TestTask.All)
            await adapters.UploadAsync(task.Id, reference.AddAdapter(task));
        var diagnosis = new DiagnosisService.DiagnosisServiceClient(channel);
        int size = DemoBackbone.Config.ImageSize;
        var pixels = Enumerable.Range(0, 3 * size * size).Select(i => (float)Math.Sin(i)).ToArray();

        // Placement spreads tasks over silos with fresh load reports: wait for both before each task's first item.
        var silos = new List<string>();
        foreach (var task in TestTask.All)
        {
            await Task.Delay(2 * ServingLoadPublisher.ReportInterval);
            var answer = (await diagnosis.DiagnoseAsync(new DiagnoseRequest { Items = { Items.Tensor("1", task.Id, pixels, size) } })).Answers.Single();
            var expected = reference.Probabilities(task.Id, pixels);
            Assert.Equal(expected.Length, answer.Result.Probabilities.Count);
            Assert.All(expected.Zip(answer.Result.Probabilities), pair => Assert.True(Math.Abs(pair.First - pair.Second.Probability) < 1e-4));
            silos.Add(answer.Result.Silo);
        }

        Assert.Equal(2, silos.Distinct().Count());
        Assert.True(second.GetRequiredService<IInferenceEngine>().Statistics.Items > 0, "the joined silo's engine computed answers");
    }
}
