using Grpc.Core;
using MeLo.Grid.Protos.V1;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>
/// The adapter API's contract, run against any store: an upload is servable at once, a second version waits until it
/// is activated, metadata and metrics are shown, and after a delete the task is not found anywhere.
/// </summary>
static class AdapterLifecycle
{
    public static async Task RunAsync(ServeGrid grid, ReferenceModel reference, TestTask task)
    {
        var png = TestImages.Png(99);
        var pixels = ReferenceModel.Preprocess(png);

        var first = await grid.UploadAsync(task.Id, reference.AddAdapter(task));
        Assert.Equal((task.Id, "v1", true), (first.Task, first.Version, first.Active));
        Expect.SameAsReference(await DiagnoseAsync(grid, task, png), task.Id, reference.Probabilities(task.Id, pixels));

        var info = await grid.Adapters.GetAsync(new GetAdapterRequest { Task = task.Id });
        Assert.Equal(task.Labels, info.Labels);
        Assert.Equal(0.5, info.Metrics["auc"]);
        Assert.Equal(64, info.Preprocessing.ImageSize);
        Assert.Equal(4, info.Rank);
        Assert.True(info.SizeBytes > 0);

        var second = await grid.UploadAsync(task.Id, reference.AddAdapter(task, seed: task.Seed + 1), activate: false);
        Assert.Equal(("v2", false), (second.Version, second.Active));
        Assert.Equal("v1", (await DiagnoseAsync(grid, task, png)).Result.AdapterVersion);
        var activated = await grid.Adapters.SetActiveVersionAsync(new SetActiveVersionRequest { Task = task.Id, Version = "v2" });
        Assert.True(activated.Active);
        var answer = await DiagnoseAsync(grid, task, png);
        Assert.Equal("v2", answer.Result.AdapterVersion);
        Expect.SameAsReference(answer, task.Id, reference.Probabilities(task.Id, pixels));
        var listed = await grid.Adapters.ListAsync(new ListAdaptersRequest());
        Assert.Equal(["v1", "v2"], listed.Adapters.Where(a => a.Task == task.Id).Select(a => a.Version).Order());
        Assert.Equal(["v2"], (await grid.Adapters.ListAsync(new ListAdaptersRequest { ActiveOnly = true })).Adapters
            .Where(a => a.Task == task.Id).Select(a => a.Version));

        Assert.True((await grid.Adapters.DeleteAsync(new DeleteAdapterRequest { Task = task.Id })).Deleted);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => DiagnoseAsync(grid, task, png))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            grid.Adapters.GetAsync(new GetAdapterRequest { Task = task.Id }).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            grid.Adapters.DeleteAsync(new DeleteAdapterRequest { Task = task.Id }).ResponseAsync)).StatusCode);

        // Numbers are never reused: a new upload after deleting every version is v3.
        Assert.Equal("v3", (await grid.UploadAsync(task.Id, reference.AddAdapter(task))).Version);
        await grid.Adapters.DeleteAsync(new DeleteAdapterRequest { Task = task.Id });
    }

    static async Task<DiagnosisAnswer> DiagnoseAsync(ServeGrid grid, TestTask task, byte[] png) =>
        (await grid.Diagnosis.DiagnoseAsync(new DiagnoseRequest { Items = { Items.Image("x", task.Id, png) } })).Answers.Single();
}
