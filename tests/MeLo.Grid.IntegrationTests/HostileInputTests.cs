using Google.Protobuf;
using Grpc.Core;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Model.Vit;
using SkiaSharp;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// What an attacker or a careless client sends: every case gets exactly its status code, unary and inside a stream, and
/// the grid keeps serving. Error messages quote at most 64 characters of client input and no exception text.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class HostileInputTests(GridFixture fixture)
{
    static readonly int Size = DemoBackbone.Config.ImageSize;
    static readonly byte[] Valid = TestImages.Png(5);

    static readonly Dictionary<string, (Func<DiagnosisItem> Item, StatusCode Code)> Cases = new()
    {
        ["png bomb 8000x8000 (complete, 64 M pixels)"] = (() => Image(HostileImages.PngBomb(8000, 8000)), StatusCode.InvalidArgument),
        ["png header declaring 100000x100000"] = (() => Image(HostileImages.PngHeaderOnly(100_000, 100_000)), StatusCode.InvalidArgument),
        ["png 12000 pixels wide"] = (() => Image(HostileImages.PngHeaderOnly(12_000, 2_000)), StatusCode.InvalidArgument),
        ["png aspect ratio 20:1"] = (() => Image(HostileImages.PngHeaderOnly(4_000, 200)), StatusCode.InvalidArgument),
        ["png bomb 3000x3000 within limits (decoded reduced)"] = (() => Image(HostileImages.PngBomb(3000, 3000)), StatusCode.OK),
        ["png without IEND"] = (() => Image(HostileImages.WithoutIend(Valid)), StatusCode.InvalidArgument),
        ["png cut inside IDAT"] = (() => Image(HostileImages.CutInsideImageData(Valid)), StatusCode.InvalidArgument),
        ["png with a bad CRC"] = (() => Image(HostileImages.WithBadCrc(Valid)), StatusCode.InvalidArgument),
        ["png signature only"] = (() => Image(Valid[..8]), StatusCode.InvalidArgument),
        ["short jpeg"] = (() => Image(Jpeg()[..^64]), StatusCode.InvalidArgument),
        ["jpeg without end marker"] = (() => Image(Jpeg()[..^2]), StatusCode.InvalidArgument),
        ["empty image"] = (() => Image([]), StatusCode.InvalidArgument),
        ["random bytes"] = (() => Image([.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]), StatusCode.InvalidArgument),
        ["gif"] = (() => Image("GIF89a\x01\0\x01\0"u8.ToArray()), StatusCode.InvalidArgument),
        ["tensor with NaN"] = (() => Tensor(float.NaN), StatusCode.InvalidArgument),
        ["tensor with +Inf"] = (() => Tensor(float.PositiveInfinity), StatusCode.InvalidArgument),
        ["tensor with -Inf"] = (() => Tensor(float.NegativeInfinity), StatusCode.InvalidArgument),
        ["tensor with 1e30"] = (() => Tensor(1e30f), StatusCode.InvalidArgument),
        ["tensor with float.MaxValue"] = (() => Tensor(float.MaxValue), StatusCode.InvalidArgument),
        ["tensor of the wrong shape"] = (() => Items.Tensor("x", "alpha", TestImages.Tensor(1, 8), 8), StatusCode.InvalidArgument),
        ["tensor with too few values"] = (() => new DiagnosisItem { Id = "x", Task = "alpha", Tensor = new Protos.V1.Tensor { Shape = { 3, Size, Size }, Values = { 1f } } }, StatusCode.InvalidArgument),
        ["tensor of rank 1000"] = (() => new DiagnosisItem { Id = "x", Task = "alpha", Tensor = new Protos.V1.Tensor { Shape = { Enumerable.Repeat(1, 1000) } } }, StatusCode.InvalidArgument),
        ["task with a trailing newline"] = (() => Image(Valid, "alpha\n"), StatusCode.InvalidArgument),
        ["task of 100 000 characters"] = (() => Image(Valid, new string('a', 100_000)), StatusCode.InvalidArgument),
        ["task with a path"] = (() => Image(Valid, "../alpha"), StatusCode.InvalidArgument),
        ["task with a replica separator"] = (() => Image(Valid, "alpha#0"), StatusCode.InvalidArgument),
        ["task in upper case"] = (() => Image(Valid, "ALPHA"), StatusCode.InvalidArgument),
        ["task with a NUL"] = (() => Image(Valid, "alpha\0"), StatusCode.InvalidArgument),
        ["no task"] = (() => Image(Valid, ""), StatusCode.InvalidArgument),
        ["no input"] = (() => new DiagnosisItem { Id = "x", Task = "alpha" }, StatusCode.InvalidArgument),
        ["unknown task"] = (() => Image(Valid, "no-such-task"), StatusCode.NotFound),
        ["version with a trailing newline"] = (() => Versioned("v1\n"), StatusCode.InvalidArgument),
        ["version that is not a label"] = (() => Versioned("latest"), StatusCode.InvalidArgument),
        ["version of 10 000 characters"] = (() => Versioned(new string('v', 10_000)), StatusCode.InvalidArgument),
        ["unknown version"] = (() => Versioned("v99"), StatusCode.NotFound),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Unary_call_gets_exactly_its_status(string name)
    {
        var (item, code) = Cases[name];

        var call = fixture.Grid.Diagnosis.DiagnoseAsync(new DiagnoseRequest { Items = { item() } }).ResponseAsync;

        if (code == StatusCode.OK)
        {
            var answer = (await call).Answers.Single();
            Assert.All(answer.Result.Probabilities, p => Assert.True(float.IsFinite(p.Probability)));
            return;
        }
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(code, error.StatusCode);
        Expect.QuotesLittle(error.Status.Detail);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Stream_item_gets_exactly_its_status_and_the_stream_goes_on(string name)
    {
        var (item, code) = Cases[name];
        using var call = fixture.Grid.Diagnosis.DiagnoseStream();

        var hostile = item();
        hostile.Id = "hostile";
        await call.RequestStream.WriteAsync(hostile);
        await call.RequestStream.WriteAsync(Items.Image("after", "alpha", Valid));
        await call.RequestStream.CompleteAsync();
        var answers = new Dictionary<string, DiagnosisAnswer>();
        await foreach (var answer in call.ResponseStream.ReadAllAsync())
            answers.Add(answer.Id, answer);

        Assert.Equal(["after", "hostile"], answers.Keys.Order());
        Assert.Equal((int)code, answers["hostile"].Error?.Code ?? 0);
        if (answers["hostile"].Error is { } error)
            Expect.QuotesLittle(error.Message);
        Assert.Null(answers["after"].Error);
    }

    static DiagnosisItem Image(byte[] bytes, string task = "alpha") => new() { Id = "x", Task = task, Image = ByteString.CopyFrom(bytes) };

    static DiagnosisItem Versioned(string version) => new() { Id = "x", Task = "alpha", AdapterVersion = version, Image = ByteString.CopyFrom(Valid) };

    static DiagnosisItem Tensor(float poison)
    {
        var values = TestImages.Tensor(9, Size);
        values[values.Length / 2] = poison;
        return Items.Tensor("x", "alpha", values, Size);
    }

    static byte[] Jpeg()
    {
        using var bitmap = SKBitmap.Decode(Valid);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
