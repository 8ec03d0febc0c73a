using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeLo.Model.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace MeLo.Model.SafeTensors;

/// <summary>
/// Reads and writes the safetensors format (8-byte little-endian header length, JSON header, raw little-endian data).
/// Every offset, shape and size is checked before any tensor is created, so a bad file is refused whole.
/// </summary>
public static class SafeTensorsFile
{
    const long MaxHeaderBytes = 100L << 20;

    static readonly Dictionary<string, (ScalarType Type, int Size)> DTypes = new()
    {
        ["F64"] = (ScalarType.Float64, 8), ["F32"] = (ScalarType.Float32, 4), ["F16"] = (ScalarType.Float16, 2),
        ["BF16"] = (ScalarType.BFloat16, 2), ["I64"] = (ScalarType.Int64, 8), ["I32"] = (ScalarType.Int32, 4),
        ["I16"] = (ScalarType.Int16, 2), ["I8"] = (ScalarType.Int8, 1), ["U8"] = (ScalarType.Byte, 1), ["BOOL"] = (ScalarType.Bool, 1),
    };

    /// <summary>Tensors on the CPU and the header's <c>__metadata__</c> (empty when absent). Streams, so files over 2 GB work.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No such file: {path}", path);
        try
        {
            using var stream = File.OpenRead(path);
            return Read(stream);
        }
        catch (SafeTensorsFormatException e)
        {
            throw new SafeTensorsFormatException($"{path}: {e.Message}");
        }
    }

    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(byte[] file) =>
        Read(new MemoryStream(file, writable: false));

    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(Stream stream)
    {
        var (entries, metadata, dataStart) = ParseHeader(stream);
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var entry in entries.OrderBy(e => e.Begin))
            {
                var value = empty(entry.Shape, entry.Type);
                tensors[entry.Name] = value;
                stream.Position = dataStart + entry.Begin;
                stream.ReadExactly(value.bytes);
            }
        }
        catch
        {
            foreach (var value in tensors.Values)
                value.Dispose();
            throw;
        }
        return (tensors, metadata);
    }

    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        AtomicFile.WriteAllBytes(path, Serialize(tensors, metadata));
    }

    public static byte[] Serialize(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, value) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var dtypeName = DTypes.First(d => d.Value.Type == value.dtype).Key;
            using var contiguous = value.detach().cpu().contiguous();
            var blob = contiguous.bytes.ToArray();
            blobs.Add(blob);
            header[name] = new JsonObject
            {
                ["dtype"] = dtypeName,
                ["shape"] = new JsonArray(value.shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(offset + blob.Length)),
            };
            offset += blob.Length;
        }
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (headerBytes.Length + 7) / 8 * 8;
        var file = new byte[8 + padded + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        headerBytes.CopyTo(file, 8);
        file.AsSpan(8 + headerBytes.Length, padded - headerBytes.Length).Fill((byte)' ');
        long position = 8 + padded;
        foreach (var blob in blobs)
        {
            blob.CopyTo(file, position);
            position += blob.Length;
        }
        return file;
    }

    sealed record Entry(string Name, string DTypeName, ScalarType Type, long[] Shape, long Begin, long End);

    static (List<Entry> Entries, Dictionary<string, string> Metadata, long DataStart) ParseHeader(Stream stream)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw new SafeTensorsFormatException($"file is {fileLength} bytes, too short for a safetensors header.");
        var lengthBytes = new byte[8];
        stream.Position = 0;
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength == 0 || headerLength > MaxHeaderBytes || headerLength > (ulong)(fileLength - 8))
            throw new SafeTensorsFormatException($"header length {headerLength} does not fit a file of {fileLength} bytes (truncated or not safetensors).");
        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);

        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes)?.AsObject()
                ?? throw new SafeTensorsFormatException("header is not a JSON object.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new SafeTensorsFormatException($"header is not valid JSON ({e.Message}).");
        }

        var metadata = new Dictionary<string, string>();
        var entries = new List<Entry>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                if (node is not JsonObject metadataObject)
                    throw new SafeTensorsFormatException("__metadata__ is not a JSON object.");
                foreach (var (key, value) in metadataObject)
                    metadata[key] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>()
                        : throw new SafeTensorsFormatException($"metadata '{key}' is not a string.");
                continue;
            }
            entries.Add(ParseEntry(name, node));
        }

        long expected = 0;
        foreach (var entry in entries.OrderBy(e => e.Begin))
        {
            if (entry.Begin != expected)
                throw new SafeTensorsFormatException($"tensor '{entry.Name}' starts at {entry.Begin}, expected {expected} (overlap or hole).");
            if (entry.End > dataLength)
                throw new SafeTensorsFormatException($"tensor '{entry.Name}' ends at byte {entry.End} but the data section has {dataLength} bytes (truncated).");
            expected = entry.End;
        }
        if (expected != dataLength)
            throw new SafeTensorsFormatException($"data section has {dataLength} bytes but tensors cover {expected}.");
        return (entries, metadata, dataStart);
    }

    static Entry ParseEntry(string name, JsonNode? node)
    {
        try
        {
            var o = node!.AsObject();
            var dtypeName = o["dtype"]!.GetValue<string>();
            if (!DTypes.TryGetValue(dtypeName, out var dtype))
                throw new SafeTensorsFormatException($"tensor '{name}' has unsupported dtype '{dtypeName}'.");
            var shape = o["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var offsets = o["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            if (shape.Any(d => d < 0) || offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw new SafeTensorsFormatException($"tensor '{name}' has an invalid shape or data_offsets.");
            long bytes = shape.Aggregate(1L, (a, d) => checked(a * d)) * dtype.Size;
            if (offsets[1] - offsets[0] != bytes)
                throw new SafeTensorsFormatException(
                    $"tensor '{name}' of shape [{string.Join(",", shape)}] {dtypeName} needs {bytes} bytes but its offsets span {offsets[1] - offsets[0]}.");
            return new Entry(name, dtypeName, dtype.Type, shape, offsets[0], offsets[1]);
        }
        catch (Exception e) when (e is not SafeTensorsFormatException)
        {
            throw new SafeTensorsFormatException($"tensor '{name}' has a malformed header entry ({e.Message}).");
        }
    }
}
