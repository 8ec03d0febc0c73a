using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using Google.Protobuf;
using MeLo.Grid.Protos.Inference;
using MeLo.Grid.Protos.V1;
using MeLo.Serving.Abstractions;

namespace MeLo.Gateway;

/// <summary>
/// Converts between Open Inference Protocol tensors and melo.v1 items and answers: the `image` input (BYTES [N], one
/// encoded PNG, JPEG or DICOM per element) or the `pixel_values` input (FP32 [N,3,H,W]) becomes N items; the answers
/// become the `probabilities` output (FP32 [N,C]) in raw_output_contents. Malformed tensors are InvalidArgument faults.
/// </summary>
public static class InferenceTensors
{
    public const string ImageInput = "image";
    public const string PixelValuesInput = "pixel_values";
    public const string ProbabilitiesOutput = "probabilities";

    /// <summary>The melo.v1 items for a request's single input, in element order (ids are element indices).</summary>
    /// <exception cref="ServingFaultException">InvalidArgument naming the field.</exception>
    public static List<DiagnosisItem> ToItems(ModelInferRequest request)
    {
        if (string.IsNullOrEmpty(request.ModelName))
            throw Invalid("model_name", "The request names no model (a task id).");
        if (request.Inputs.Count != 1)
            throw Invalid("inputs", $"The model takes exactly one input, '{ImageInput}' or '{PixelValuesInput}'; the request has {request.Inputs.Count}.");
        if (request.RawInputContents.Count > 0 && request.RawInputContents.Count != request.Inputs.Count)
            throw Invalid("raw_input_contents", $"raw_input_contents has {request.RawInputContents.Count} entries for {request.Inputs.Count} input.");
        foreach (var output in request.Outputs)
        {
            if (output.Name != ProbabilitiesOutput)
                throw Invalid("outputs", $"Unknown output '{output.Name}'; the model has '{ProbabilitiesOutput}'.");
        }

        var input = request.Inputs[0];
        ByteString? raw = request.RawInputContents.Count > 0 ? request.RawInputContents[0] : null;
        if (raw is not null && input.Contents is { } contents && contents.CalculateSize() > 0)
            throw Invalid("inputs[0].contents", "An input's data is either in contents or in raw_input_contents, not both.");

        var items = input.Name switch
        {
            ImageInput => ImageItems(input, raw),
            PixelValuesInput => TensorItems(input, raw),
            _ => throw Invalid("inputs[0].name", $"Unknown input '{input.Name}'; the model takes '{ImageInput}' (BYTES) or '{PixelValuesInput}' (FP32)."),
        };
        for (int i = 0; i < items.Count; i++)
        {
            items[i].Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            items[i].Task = request.ModelName;
            if (request.ModelVersion.Length > 0)
                items[i].AdapterVersion = request.ModelVersion;
        }

        return items;
    }

    /// <summary>The response for the answers of <see cref="ToItems"/>, in the same order.</summary>
    public static ModelInferResponse ToResponse(ModelInferRequest request, IReadOnlyList<DiagnosisAnswer> answers)
    {
        var first = answers[0].Result;
        int classes = first.Probabilities.Count;
        var values = new float[answers.Count * classes];
        for (int i = 0; i < answers.Count; i++)
        {
            for (int c = 0; c < classes; c++)
                values[(i * classes) + c] = answers[i].Result.Probabilities[c].Probability;
        }

        var output = new ModelInferResponse.Types.InferOutputTensor
        {
            Name = ProbabilitiesOutput,
            Datatype = "FP32",
            Shape = { answers.Count, classes },
            Parameters = { ["labels"] = Text(JsonSerializer.Serialize(first.Probabilities.Select(p => p.Label))) },
        };
        return new ModelInferResponse
        {
            ModelName = request.ModelName,
            ModelVersion = first.AdapterVersion,
            Id = request.Id,
            Outputs = { output },
            // Raw outputs are little endian, as the protocol requires; so is every platform .NET runs the gateway on.
            RawOutputContents = { ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) },
            Parameters = { ["predicted_labels"] = Text(JsonSerializer.Serialize(answers.Select(a => a.Result.PredictedLabels))) },
        };
    }

    public static InferParameter Text(string value) => new() { StringParam = value };

    static List<DiagnosisItem> ImageItems(ModelInferRequest.Types.InferInputTensor input, ByteString? raw)
    {
        if (input.Datatype != "BYTES")
            throw Invalid("inputs[0].datatype", $"Input '{ImageInput}' is BYTES; the request says {input.Datatype}.");
        if (!(input.Shape.Count == 1 || (input.Shape.Count == 2 && input.Shape[1] == 1)) || input.Shape[0] < 1)
            throw Invalid("inputs[0].shape", $"Input '{ImageInput}' has shape [-1] (one encoded image per element); the request says [{string.Join(",", input.Shape)}].");
        long count = input.Shape[0];
        var images = raw is null ? [.. input.Contents?.BytesContents ?? []] : SplitBytesElements(raw.Span, count);
        if (images.Count != count)
            throw Invalid("inputs[0].contents", $"Input '{ImageInput}' has shape [{count}] but holds {images.Count} elements.");
        return images.Select(image => new DiagnosisItem { Image = image }).ToList();
    }

    static List<ByteString> SplitBytesElements(ReadOnlySpan<byte> raw, long expected)
    {
        var elements = new List<ByteString>();
        while (!raw.IsEmpty)
        {
            if (raw.Length < 4)
                throw Invalid("raw_input_contents", "A BYTES element's 4-byte length prefix is cut short.");
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(raw);
            if (length > raw.Length - 4)
                throw Invalid("raw_input_contents", $"A BYTES element claims {length} bytes, but only {raw.Length - 4} follow.");
            if (elements.Count == expected)
                throw Invalid("raw_input_contents", $"raw_input_contents holds more than the {expected} elements of the input's shape.");
            elements.Add(ByteString.CopyFrom(raw.Slice(4, (int)length)));
            raw = raw[(4 + (int)length)..];
        }

        return elements;
    }

    static List<DiagnosisItem> TensorItems(ModelInferRequest.Types.InferInputTensor input, ByteString? raw)
    {
        if (input.Datatype != "FP32")
            throw Invalid("inputs[0].datatype", $"Input '{PixelValuesInput}' is FP32; the request says {input.Datatype}.");
        var shape = input.Shape;
        if (shape.Count != 4 || shape[1] != 3 || shape.Any(d => d < 1 || d > 65535))
            throw Invalid("inputs[0].shape", $"Input '{PixelValuesInput}' has shape [-1,3,H,W]; the request says [{string.Join(",", shape)}].");
        long perImage = 3 * shape[2] * shape[3];
        long total = shape[0] * perImage;
        float[] values;
        if (raw is null)
        {
            values = [.. input.Contents?.Fp32Contents ?? []];
        }
        else
        {
            if (raw.Length % 4 != 0)
                throw Invalid("raw_input_contents", $"FP32 raw contents of {raw.Length} bytes are not whole 4-byte values.");
            values = MemoryMarshal.Cast<byte, float>(raw.Span).ToArray();
        }

        if (values.LongLength != total)
            throw Invalid("inputs[0].contents", $"Input '{PixelValuesInput}' has shape [{string.Join(",", shape)}] ({total} values) but holds {values.LongLength}.");
        return Enumerable.Range(0, (int)shape[0]).Select(i => new DiagnosisItem
        {
            Tensor = new Tensor { Values = { values.AsSpan((int)(i * perImage), (int)perImage).ToArray() }, Shape = { 3, (int)shape[2], (int)shape[3] } },
        }).ToList();
    }

    static ServingFaultException Invalid(string field, string message) => new(FaultKind.InvalidArgument, message, field);
}
