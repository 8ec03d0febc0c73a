using Grpc.Core;
using MeLo.Grid.IntegrationTests.Infrastructure;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// Bytes that are not a valid protobuf message of the method's request type (garbage, strings that are not UTF-8,
/// lengths past the end): INVALID_ARGUMENT for unary, client-streaming and bidirectional calls, never UNKNOWN or INTERNAL.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class MalformedMessageTests(GridFixture fixture)
{
    static readonly byte[] NotUtf8 = [0xC3, 0x28, 0xFF];

    static readonly Dictionary<string, byte[]> Payloads = new()
    {
        ["garbage"] = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01],
        ["length past the end"] = [0x0A, 0x7F, 0x01],
        ["item task not UTF-8"] = Field(1, Field(2, NotUtf8)),
        ["item id not UTF-8"] = Field(1, Field(1, NotUtf8)),
        ["item version not UTF-8"] = Field(1, [.. Field(2, "alpha"u8.ToArray()), .. Field(3, NotUtf8)]),
        ["task not UTF-8"] = Field(1, NotUtf8),
    };

    public static TheoryData<string, string, MethodType> Cases()
    {
        var data = new TheoryData<string, string, MethodType>();
        foreach (var payload in new[] { "garbage", "length past the end", "item task not UTF-8", "item id not UTF-8", "item version not UTF-8" })
        {
            data.Add("melo.v1.DiagnosisService/Diagnose", payload, MethodType.Unary);
            data.Add("melo.v1.DiagnosisService/DiagnoseStream", payload, MethodType.DuplexStreaming);
        }
        foreach (var payload in new[] { "garbage", "task not UTF-8" })
        {
            data.Add("melo.v1.AdapterService/Get", payload, MethodType.Unary);
            data.Add("melo.v1.AdapterService/Delete", payload, MethodType.Unary);
            data.Add("melo.v1.AdapterService/Upload", payload, MethodType.ClientStreaming);
        }
        data.Add("melo.v1.AdapterService/List", "garbage", MethodType.Unary);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Unparsable_requests_are_invalid_argument(string path, string payload, MethodType type)
    {
        var slash = path.IndexOf('/');
        var method = new Method<byte[], byte[]>(type, path[..slash], path[(slash + 1)..], Raw, Raw);
        var invoker = fixture.Grid.Channel.CreateCallInvoker();
        var bytes = Payloads[payload];

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, new CallOptions(), bytes);
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, new CallOptions()))
                    {
                        await call.RequestStream.WriteAsync(bytes);
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, new CallOptions()))
                    {
                        await call.RequestStream.WriteAsync(bytes);
                        await call.RequestStream.CompleteAsync();
                        while (await call.ResponseStream.MoveNext())
                        {
                        }
                    }
                    break;
            }
        });

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        // The grid is still serving.
        await fixture.Grid.Diagnosis.DiagnoseAsync(new Protos.V1.DiagnoseRequest { Items = { Items.Image("ok", "alpha", TestImages.Png(4)) } });
    }

    static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    /// <summary>A length-delimited protobuf field.</summary>
    static byte[] Field(int number, byte[] value) => [(byte)((number << 3) | 2), (byte)value.Length, .. value];
}
