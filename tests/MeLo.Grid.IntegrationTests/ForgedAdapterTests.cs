using System.Text.Json.Nodes;
using Google.Rpc;
using Grpc.Core;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Model.Adapters;
using MeLo.Model.Lora;
using MeLo.Model.Vit;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// Uploads that do not fit the served backbone or the upload rules: each gets exactly its status (FAILED_PRECONDITION for
/// a backbone mismatch, INVALID_ARGUMENT naming the field otherwise), nothing is stored, and the active version keeps serving.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class ForgedAdapterTests(GridFixture fixture)
{
    const string Forged = "forged";
    static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    /// <summary>Case name → (file made for the served backbone, status, field of an INVALID_ARGUMENT).</summary>
    static readonly Dictionary<string, (Func<VisionTransformer, byte[]> File, StatusCode Code, string? Field)> Cases = new()
    {
        ["weights of another backbone (wrong fingerprint)"] = (_ => WithOtherWeights(), StatusCode.FailedPrecondition, null),
        ["fingerprint edited"] = (b => Edit(b, m => m["backboneFingerprint"] = "0123456789abcdef"), StatusCode.FailedPrecondition, null),
        ["fingerprint of 100 000 characters"] = (b => Edit(b, m => m["backboneFingerprint"] = new string('a', 100_000)), StatusCode.FailedPrecondition, null),
        ["another backbone's name"] = (b => Edit(b, m => m["backboneConfig"]!["name"] = "vit_base_patch16_224"), StatusCode.FailedPrecondition, null),
        ["depth 2 instead of 4"] = (_ => OtherShape(DemoBackbone.Config with { Depth = 2 }), StatusCode.FailedPrecondition, null),
        ["dim 48 instead of 96"] = (_ => OtherShape(DemoBackbone.Config with { Dim = 48, MlpDim = 192 }), StatusCode.FailedPrecondition, null),
        ["rank 32 above MaxRank 16"] = (b => ForgedAdapters.For(b, settings: new LoraSettings { Rank = 32, Alpha = 32 }), StatusCode.FailedPrecondition, null),
        ["targets q,k"] = (b => ForgedAdapters.For(b, settings: new LoraSettings { Targets = [LoraTarget.Query, LoraTarget.Key] }), StatusCode.InvalidArgument, "adapter.targets"),
        ["targets fc1,fc2"] = (b => ForgedAdapters.For(b, settings: new LoraSettings { Targets = [LoraTarget.Fc1, LoraTarget.Fc2] }), StatusCode.InvalidArgument, "adapter.targets"),
        ["1001 labels"] = (b => ForgedAdapters.For(b, labels: 1001), StatusCode.InvalidArgument, "adapter.labels"),
        ["image size 60, not a multiple of the patch 8"] = (b => WithPreprocessing(b, 60, Mean, Std), StatusCode.InvalidArgument, "adapter.preprocessing.imageSize"),
        ["image size 1024 above the limit"] = (b => WithPreprocessing(b, 1024, Mean, Std), StatusCode.InvalidArgument, "adapter.preprocessing.imageSize"),
        ["image size 0"] = (b => WithPreprocessing(b, 0, Mean, Std), StatusCode.InvalidArgument, "adapter.preprocessing.imageSize"),
        ["image size -64"] = (b => WithPreprocessing(b, -64, Mean, Std), StatusCode.InvalidArgument, "adapter.preprocessing.imageSize"),
        ["mean of length 1"] = (b => WithPreprocessing(b, 64, [0.5f], Std), StatusCode.InvalidArgument, "adapter.preprocessing.mean"),
        ["std of length 4"] = (b => WithPreprocessing(b, 64, Mean, [0.2f, 0.2f, 0.2f, 0.2f]), StatusCode.InvalidArgument, "adapter.preprocessing.std"),
        ["std 0"] = (b => WithPreprocessing(b, 64, Mean, [0.229f, 0f, 0.225f]), StatusCode.InvalidArgument, "adapter.preprocessing.std"),
        ["negative std"] = (b => WithPreprocessing(b, 64, Mean, [-0.2f, -0.2f, -0.2f]), StatusCode.InvalidArgument, "adapter.preprocessing.std"),
        ["NaN in std"] = (b => EditPreprocessing(b, p => p["std"] = new JsonArray(0.229, "NaN", 0.225)), StatusCode.InvalidArgument, "adapter.preprocessing.std"),
        ["Infinity in mean"] = (b => EditPreprocessing(b, p => p["mean"] = new JsonArray("Infinity", 0.456, 0.406)), StatusCode.InvalidArgument, "adapter.preprocessing.mean"),
        ["no std"] = (b => EditPreprocessing(b, p => p["std"] = null), StatusCode.InvalidArgument, "adapter.preprocessing.std"),
        ["labels null"] = (b => Edit(b, m => m["labels"] = null), StatusCode.InvalidArgument, "chunk"),
        ["format of 100 000 characters"] = (b => ForgedAdapters.WithMetadata(ForgedAdapters.For(b), "format", _ => new string('a', 100_000)), StatusCode.InvalidArgument, "chunk"),
        ["manifest that is not JSON"] = (b => ForgedAdapters.WithMetadata(ForgedAdapters.For(b), "melo.manifest", _ => "{not json"), StatusCode.InvalidArgument, "chunk"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_forged_adapter_gets_exactly_its_status_and_nothing_is_stored(string name)
    {
        var (file, code, field) = Cases[name];

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Grid.UploadAsync(Forged, file(fixture.Reference.Backbone)));

        Assert.Equal(code, error.StatusCode);
        Expect.QuotesLittle(error.Status.Detail);
        var details = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.Equal(field, details?.FieldViolations.Single().Field);
        var listed = await fixture.Grid.Adapters.ListAsync(new ListAdaptersRequest());
        Assert.DoesNotContain(listed.Adapters, a => a.Task == Forged);
    }

    [Fact]
    public async Task A_refused_upload_leaves_the_active_version_serving()
    {
        var task = new TestTask("steady", ["negative", "positive"], false, 31);
        var png = TestImages.Png(3);
        await fixture.Grid.UploadAsync(task.Id, fixture.Reference.AddAdapter(task));
        try
        {
            foreach (var forged in new[] { WithOtherWeights(), WithPreprocessing(fixture.Reference.Backbone, 64, Mean, [0.2f, 0f, 0.2f]) })
                await Assert.ThrowsAsync<RpcException>(() => fixture.Grid.UploadAsync(task.Id, forged, activate: true));

            var answer = (await fixture.Grid.Diagnosis.DiagnoseAsync(new DiagnoseRequest { Items = { Items.Image("x", task.Id, png) } })).Answers.Single();
            Assert.Equal("v1", answer.Result.AdapterVersion);
            Expect.SameAsReference(answer, task.Id, fixture.Reference.Probabilities(task.Id, ReferenceModel.Preprocess(png)));
            var listed = await fixture.Grid.Adapters.ListAsync(new ListAdaptersRequest());
            Assert.Equal(["v1"], listed.Adapters.Where(a => a.Task == task.Id).Select(a => a.Version));
        }
        finally
        {
            await fixture.Grid.Adapters.DeleteAsync(new DeleteAdapterRequest { Task = task.Id });
        }
    }

    static byte[] WithOtherWeights()
    {
        // Same config and name as the served demo backbone, other (randomly initialised) weights: another fingerprint.
        using var other = new VisionTransformer(DemoBackbone.Config);
        return ForgedAdapters.For(other);
    }

    static byte[] OtherShape(VitConfig config)
    {
        using var other = new VisionTransformer(config);
        return ForgedAdapters.For(other);
    }

    static byte[] WithPreprocessing(VisionTransformer backbone, int size, float[] mean, float[] std) =>
        ForgedAdapters.For(backbone, preprocessing: new AdapterPreprocessing(size, mean, std));

    static byte[] Edit(VisionTransformer backbone, Action<JsonObject> edit) => ForgedAdapters.WithManifest(ForgedAdapters.For(backbone), edit);

    static byte[] EditPreprocessing(VisionTransformer backbone, Action<JsonObject> edit) =>
        ForgedAdapters.WithManifest(WithPreprocessing(backbone, 64, Mean, Std), m => edit(m["preprocessing"]!.AsObject()));
}
