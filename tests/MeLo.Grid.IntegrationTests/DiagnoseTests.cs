using Google.Rpc;
using Grpc.Core;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Model.Vit;

namespace MeLo.Grid.IntegrationTests;

/// <summary>Unary Diagnose over loopback gRPC into a silo with the real engine on the demo backbone.</summary>
[Collection(GridCollection.Name)]
public sealed class DiagnoseTests(GridFixture fixture)
{
    static readonly int Size = DemoBackbone.Config.ImageSize;

    [Fact]
    public async Task Answers_every_item_in_order_with_the_model_cores_probabilities()
    {
        var request = new DiagnoseRequest();
        var expected = new List<(string Task, float[] Probabilities)>();
        int seed = 0;
        foreach (var task in TestTask.All)
        {
            for (int i = 0; i < 2; i++, seed++)
            {
                var png = TestImages.Png(seed);
                request.Items.Add(Items.Image($"{task.Id}-image-{i}", task.Id, png));
                expected.Add((task.Id, fixture.Reference.Probabilities(task.Id, ReferenceModel.Preprocess(png))));
            }
            var tensor = TestImages.Tensor(seed++, Size);
            request.Items.Add(Items.Tensor($"{task.Id}-tensor", task.Id, tensor, Size));
            expected.Add((task.Id, fixture.Reference.Probabilities(task.Id, tensor)));
        }

        var response = await fixture.Grid.Diagnosis.DiagnoseAsync(request);

        Assert.Equal(request.Items.Select(i => i.Id), response.Answers.Select(a => a.Id));
        for (int i = 0; i < expected.Count; i++)
        {
            Expect.SameAsReference(response.Answers[i], expected[i].Task, expected[i].Probabilities);
            Assert.Equal("v1", response.Answers[i].Result.AdapterVersion);
        }
        var beta = response.Answers.First(a => a.Result.Task == "beta").Result;
        Assert.Equal(TestTask.Beta.Labels, beta.Probabilities.Select(p => p.Label));
        Assert.Equal([beta.Probabilities.MaxBy(p => p.Probability)!.Label], beta.PredictedLabels);
        var gamma = response.Answers.First(a => a.Result.Task == "gamma").Result;
        Assert.Equal(gamma.Probabilities.Where(p => p.Probability >= 0.5f).Select(p => p.Label), gamma.PredictedLabels);
    }

    [Fact]
    public async Task Bad_images_fail_the_call_with_bad_request_details_naming_each_item()
    {
        var request = new DiagnoseRequest
        {
            Items =
            {
                Items.Image("ok", "alpha", TestImages.Png(1)),
                Items.Image("corrupt", "alpha", "this is not an image"u8.ToArray()),
                Items.Image("truncated", "beta", TestImages.Png(2)[..60]),
                Items.Tensor("wrong-shape", "gamma", TestImages.Tensor(3, 8), 8),
            },
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Grid.Diagnosis.DiagnoseAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(["items[1].image", "items[2].image", "items[3].tensor.shape"], violations.Select(v => v.Field));
        Assert.All(violations, v => Assert.NotEmpty(v.Description));
    }

    [Fact]
    public async Task An_unknown_task_is_not_found()
    {
        var request = new DiagnoseRequest { Items = { Items.Image("x", "no-such-task", TestImages.Png(4)) } };

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Grid.Diagnosis.DiagnoseAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("no-such-task", error.Status.Detail);
    }

    [Fact]
    public async Task Too_many_items_for_one_request_are_refused()
    {
        var request = new DiagnoseRequest();
        for (int i = 0; i < 257; i++)
            request.Items.Add(Items.Tensor($"{i}", "alpha", [], Size));

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Grid.Diagnosis.DiagnoseAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("items", error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }
}
