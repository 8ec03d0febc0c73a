using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;
using MeLo.Model.Vit;
using MeLo.Serving.Engine;

namespace MeLo.Grid.IntegrationTests;

/// <summary>MeLo:Engine:DType and the device-memory check, through the silo's configuration.</summary>
public sealed class EnginePrecisionHostingTests
{
    [Fact]
    public async Task A_silo_whose_device_lacks_the_memory_refuses_to_start_naming_both_numbers()
    {
        var need = DeviceMemoryEstimate.For(DemoBackbone.Config, new InferenceEngineOptions { DType = EngineDType.Bf16 });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => InProcessGrid.StartAsync(DemoBackbone.Create(),
            configuration: new Dictionary<string, string?> { ["MeLo:Engine:DType"] = "bf16", ["MeLo:Engine:DeviceMemoryBytes"] = "1000" }));

        var refusal = Assert.IsType<InsufficientDeviceMemoryException>(Expect.Unwrap(error));
        Assert.Contains("offers 1,000 bytes", refusal.Message);
        Assert.Contains($"needs {need.TotalBytes:N0} bytes", refusal.Message);
    }

    [Fact]
    public async Task A_bf16_silo_configured_by_name_serves_answers_close_to_fp32()
    {
        await using var grid = await InProcessGrid.StartAsync(DemoBackbone.Create(),
            configuration: new Dictionary<string, string?> { ["MeLo:Engine:DType"] = "bf16" }, silo: s => s.DemoContent = false);
        using var reference = new ReferenceModel();
        using var channel = grid.CreateChannel();
        await new AdapterService.AdapterServiceClient(channel).UploadAsync(TestTask.Beta.Id, reference.AddAdapter(TestTask.Beta));
        int size = DemoBackbone.Config.ImageSize;
        var pixels = TestImages.Tensor(3, size);

        var response = await new DiagnosisService.DiagnosisServiceClient(channel).DiagnoseAsync(
            new DiagnoseRequest { Items = { Items.Tensor("x", TestTask.Beta.Id, pixels, size) } });

        var expected = reference.Probabilities(TestTask.Beta.Id, pixels);
        var actual = response.Answers.Single().Result.Probabilities.Select(p => p.Probability).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.InRange(actual[i], expected[i] - 0.01, expected[i] + 0.01);
        Assert.NotEqual(expected, actual); // bit-identical would mean the silo ignored the setting
    }
}
