using Google.Protobuf;
using Grpc.Core;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using Xunit.Abstractions;

namespace MeLo.Grid.IntegrationTests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryBudgetCollection
{
    public const string Name = "memory budget (runs alone)";
}

/// <summary>
/// A burst of decompression bombs against a served grid: the process's peak RSS stays within the documented budget
/// (baseline + decode budget + request buffers), and RSS afterwards is back within twice the baseline.
/// </summary>
[Collection(MemoryBudgetCollection.Name)]
public sealed class MemoryBudgetTests(ITestOutputHelper output)
{
    const long Megabyte = 1 << 20;

    /// <summary>docs/security.md: peak over baseline at most the decode budget (640 MB) plus 256 MB of request buffers.</summary>
    const long PeakAllowance = (640 + 256) * Megabyte;

    [Fact]
    public async Task A_burst_of_bombs_stays_within_the_memory_budget_and_memory_returns()
    {
        await using var grid = await ServeGrid.StartAsync();
        using var reference = new ReferenceModel();
        await grid.UploadAsync("alpha", reference.AddAdapter(TestTask.Alpha));
        var decodable = HostileImages.PngBomb(3000, 3000); // within the limits: decoded, reduced for the 64 px target
        var refused = HostileImages.PngBomb(8000, 8000); // over the pixel limit: refused from its header
        Assert.True(decodable.Length < 100_000 && refused.Length < 300_000);
        await grid.Diagnosis.DiagnoseAsync(new DiagnoseRequest { Items = { Items.Image("warm", "alpha", TestImages.Png(1)) } });
        Settle();
        long baseline = ProcessMemory.ResidentBytes;
        ProcessMemory.ResetPeak();

        // One unary call of 256 bombs, and two streams of 8 decodable bombs each at the same time.
        var unary = new DiagnoseRequest();
        for (int i = 0; i < 256; i++)
            unary.Items.Add(new DiagnosisItem { Id = $"u{i}", Task = "alpha", Image = ByteString.CopyFrom(i % 32 == 0 ? decodable : refused) });
        var unaryCall = Assert.ThrowsAsync<RpcException>(() => grid.Diagnosis.DiagnoseAsync(unary).ResponseAsync);
        var streams = Enumerable.Range(0, 2).Select(async s =>
        {
            using var call = grid.Diagnosis.DiagnoseStream();
            for (int i = 0; i < 8; i++)
                await call.RequestStream.WriteAsync(Items.Image($"s{s}-{i}", "alpha", decodable));
            await call.RequestStream.CompleteAsync();
            int answered = 0;
            await foreach (var answer in call.ResponseStream.ReadAllAsync())
            {
                Assert.Null(answer.Error);
                answered++;
            }
            return answered;
        }).ToList();

        Assert.Equal(StatusCode.InvalidArgument, (await unaryCall).StatusCode);
        int[] answered = await Task.WhenAll(streams);
        Assert.Equal([8, 8], answered);
        long peak = ProcessMemory.PeakResidentBytes;
        Settle();
        long after = ProcessMemory.ResidentBytes;
        output.WriteLine($"RSS baseline {baseline / Megabyte} MB, peak {peak / Megabyte} MB, after {after / Megabyte} MB");

        Assert.True(peak - baseline <= PeakAllowance, $"peak {peak / Megabyte} MB over a baseline of {baseline / Megabyte} MB");
        Assert.True(after <= 2 * baseline, $"after {after / Megabyte} MB, baseline {baseline / Megabyte} MB");
    }

    static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }
}
