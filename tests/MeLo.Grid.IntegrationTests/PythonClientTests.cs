using System.Text.Json;
using MeLo.Grid.IntegrationTests.Infrastructure;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// Debian's python3-grpcio as an external client, with stubs generated at test time by python3-grpc-tools. That protoc
/// (3.5) predates proto3 `optional`, so the test strips the label from a copy of the protos: the wire format is the same
/// (an unset optional string and an empty plain string are both absent on the wire). Fails, never skips, without Python.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class PythonClientTests(GridFixture fixture)
{
    internal const string Python = "/usr/bin/python3";

    [Fact]
    public async Task A_python_grpcio_client_streams_images_and_gets_the_model_cores_answers()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: install python3-grpcio and python3-grpc-tools (apt).");
        using var work = new TempDirectory("melo-python-client-");
        var stubs = GenerateStubs(work.Path);
        var images = new List<string>();
        var expected = new List<float[]>();
        for (int i = 0; i < 5; i++)
        {
            var png = TestImages.Png(500 + i);
            var path = work.Combine($"image-{i}.png");
            await File.WriteAllBytesAsync(path, png);
            images.Add(path);
            expected.Add(fixture.Reference.Probabilities("beta", ReferenceModel.Preprocess(png)));
        }

        var output = Run(Python, [Path.Combine(AppContext.BaseDirectory, "python", "melo_client.py"), stubs,
            fixture.Grid.Address.Replace("http://", ""), "beta", .. images], token: fixture.Grid.Grid.DiagnoseToken);

        using var json = JsonDocument.Parse(output);
        var stream = json.RootElement.GetProperty("stream").EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!);
        Assert.Equal(6, json.RootElement.GetProperty("stream").GetArrayLength());
        Assert.Equal(3, stream["py-bad"].GetProperty("error").GetInt32()); // INVALID_ARGUMENT
        for (int i = 0; i < images.Count; i++)
        {
            var probabilities = stream[$"py-{i}"].GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()).ToArray();
            Assert.Equal(expected[i].Length, probabilities.Length);
            Assert.All(expected[i].Zip(probabilities), pair => Assert.True(Math.Abs(pair.First - pair.Second) < 1e-4));
        }
        Assert.Equal("beta", json.RootElement.GetProperty("unary")[0].GetProperty("task").GetString());
        Assert.Equal("NOT_FOUND", json.RootElement.GetProperty("unknown_task").GetString());
    }

    /// <summary>Python stubs for melo.v1 (and google.rpc.Status) plus <paramref name="extraProtos"/>, generated into <paramref name="work"/>.</summary>
    internal static string GenerateStubs(string work, params string[] extraProtos)
    {
        var protos = Path.Combine(AppContext.BaseDirectory, "protos");
        var copy = Path.Combine(work, "protos");
        foreach (var file in Directory.EnumerateFiles(protos, "*.proto", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(protos, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllLines(target, File.ReadAllLines(file).Select(line => line.TrimStart().StartsWith("optional ", StringComparison.Ordinal) ? line.Replace("optional ", "") : line));
        }
        var stubs = Directory.CreateDirectory(Path.Combine(work, "stubs")).FullName;
        Run(Python, ["-m", "grpc_tools.protoc", $"-I{copy}", $"--python_out={stubs}", $"--grpc_python_out={stubs}",
            "melo/v1/diagnosis.proto", "melo/v1/adapters.proto", "google/rpc/status.proto", .. extraProtos]);
        return stubs;
    }

    internal static string Run(string program, IEnumerable<string> arguments, string? token = null) =>
        ExternalProgram.Run(program, arguments, "python3-grpcio and python3-grpc-tools (apt)",
            token is null ? null : new Dictionary<string, string> { ["MELO_TOKEN"] = token });
}
