using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;
using MeLo.Model.Vit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MeLo.Grid.IntegrationTests;

/// <summary>`melo serve`'s demo content: adapters trained at first start on synthetic data, then served by the grid.</summary>
public sealed class DemoContentTests
{
    [Fact]
    public async Task The_trained_demo_adapters_classify_unseen_bloodcell_like_samples_far_above_chance()
    {
        // Registered after the silo, on the pretrained demo backbone `melo serve` uses, with training shrunk from about half a minute to a few seconds.
        await using var grid = await ServeGrid.StartAsync(services: s => s
            .Configure<DemoContentOptions>(o => (o.TrainImagesPerClass, o.TrainMultiLabelImages, o.Epochs) = (60, 40, 5))
            .AddHostedService<DemoContent>(), backbone: PretrainedDemoBackbone.Load());

        var listed = await grid.Adapters.ListAsync(new ListAdaptersRequest { ActiveOnly = true });
        Assert.Equal(DemoContent.TaskNames.Order(), listed.Adapters.Select(a => a.Task).Order());
        Assert.All(listed.Adapters, a =>
        {
            Assert.Contains("SYNTHETIC", a.Source);
            Assert.Contains("SYNTHETIC", a.DisplayName);
            Assert.Contains("test_accuracy", a.Metrics.Keys);
        });

        var silo = grid.Services.GetRequiredService<IOptions<MeLoSiloOptions>>().Value;
        var request = new DiagnoseRequest();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(DemoContent.SamplesDirectory(silo), "bloodcell-like"), "*.png", SearchOption.AllDirectories))
            request.Items.Add(Items.Image(Path.GetFileName(file), "bloodcell-like", await File.ReadAllBytesAsync(file)));
        var response = await grid.Diagnosis.DiagnoseAsync(request);

        // Samples are named <class>_<n>.png. Four balanced classes: chance gets 3 of 12 right, and 8 or more with p < 0.003.
        Assert.Equal(12, response.Answers.Count);
        int correct = response.Answers.Count(a => a.Result.PredictedLabels.Single() == a.Id.Split('_')[0]);
        Assert.True(correct >= 8, $"{correct} of {response.Answers.Count} unseen samples right");
    }
}
