using Grpc.Core;
using Google.Rpc;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Model.Vit;

namespace MeLo.Grid.IntegrationTests;

/// <summary>DiagnoseStream: every item answered exactly once, bad items answered with their own error.</summary>
[Collection(GridCollection.Name)]
public sealed class StreamTests(GridFixture fixture)
{
    static readonly int Size = DemoBackbone.Config.ImageSize;

    [Fact]
    public async Task A_stream_of_240_items_over_three_tasks_in_random_order_answers_each_once_as_the_model_core()
    {
        var random = new Random(42);
        var items = new List<DiagnosisItem>();
        var expected = new Dictionary<string, (string Task, float[] Probabilities)>();
        for (int i = 0; i < 240; i++)
        {
            var task = TestTask.All[random.Next(TestTask.All.Count)].Id;
            var id = $"item-{i:D3}";
            float[] pixels;
            if (i % 2 == 0)
            {
                var png = TestImages.Png(1000 + i);
                items.Add(Items.Image(id, task, png));
                pixels = ReferenceModel.Preprocess(png);
            }
            else
            {
                pixels = TestImages.Tensor(1000 + i, Size);
                items.Add(Items.Tensor(id, task, pixels, Size));
            }
            expected[id] = (task, fixture.Reference.Probabilities(task, pixels));
        }

        var answers = await StreamAsync(items);

        Assert.Equal(240, answers.Count);
        Assert.Equal(expected.Keys.Order(), answers.Select(a => a.Id).Order());
        foreach (var answer in answers)
            Expect.SameAsReference(answer, expected[answer.Id].Task, expected[answer.Id].Probabilities);
    }

    [Fact]
    public async Task Bad_items_get_an_error_answer_and_the_rest_of_the_stream_is_served()
    {
        var items = new List<DiagnosisItem>
        {
            Items.Image("good-1", "alpha", TestImages.Png(7)),
            Items.Image("corrupt", "alpha", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]),
            Items.Image("unknown-task", "no-such-task", TestImages.Png(8)),
            Items.Tensor("wrong-shape", "beta", TestImages.Tensor(9, 16), 16),
            new() { Id = "no-input", Task = "beta" },
            Items.Image("no-task", "", TestImages.Png(10)),
            Items.Tensor("not-finite", "gamma", [.. Enumerable.Repeat(float.NaN, 3 * Size * Size)], Size),
            Items.Image("good-2", "gamma", TestImages.Png(11)),
        };

        var answers = (await StreamAsync(items)).ToDictionary(a => a.Id);

        Assert.Equal(items.Select(i => i.Id).Order(), answers.Keys.Order());
        Assert.NotNull(answers["good-1"].Result);
        Assert.NotNull(answers["good-2"].Result);
        AssertInvalid(answers["corrupt"], "image");
        AssertInvalid(answers["wrong-shape"], "tensor.shape");
        AssertInvalid(answers["no-input"], "input");
        AssertInvalid(answers["no-task"], "task");
        AssertInvalid(answers["not-finite"], "input");
        Assert.Equal((int)StatusCode.NotFound, answers["unknown-task"].Error.Code);
    }

    [Fact]
    public async Task An_empty_stream_ends_at_once()
    {
        Assert.Empty(await StreamAsync([]));
    }

    static void AssertInvalid(DiagnosisAnswer answer, string field)
    {
        Assert.Null(answer.Result);
        Assert.Equal((int)StatusCode.InvalidArgument, answer.Error.Code);
        Assert.Equal(field, answer.Error.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }

    async Task<List<DiagnosisAnswer>> StreamAsync(IReadOnlyList<DiagnosisItem> items)
    {
        using var call = fixture.Grid.Diagnosis.DiagnoseStream(deadline: DateTime.UtcNow.AddMinutes(2));
        var sending = Task.Run(async () =>
        {
            foreach (var item in items)
                await call.RequestStream.WriteAsync(item);
            await call.RequestStream.CompleteAsync();
        });
        var answers = new List<DiagnosisAnswer>();
        await foreach (var answer in call.ResponseStream.ReadAllAsync())
            answers.Add(answer);
        await sending;
        return answers;
    }
}
