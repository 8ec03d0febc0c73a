using System.Globalization;
using MeLo.Model.IO;
using MeLo.Model.Lora;
using MeLo.Model.SafeTensors;
using static TorchSharp.torch;

namespace MeLo.Model.Adapters;

/// <summary>
/// The adapter file: safetensors with tensors <c>lora.{q,k,v,o,fc1,fc2}.a</c> [depth, r, in], <c>lora.*.b</c> [depth, out, r],
/// <c>head.weight</c> [classes, dim] and <c>head.bias</c> [classes], and metadata <c>format=melo.adapter</c> plus the JSON
/// <see cref="AdapterManifest"/>. Loading checks everything before it builds anything.
/// </summary>
public static class AdapterFile
{
    public const string FormatName = "melo.adapter";
    const string FormatKey = "format";
    const string ManifestKey = "melo.manifest";

    public static void Save(string path, LoraAdapter adapter, AdapterManifest manifest, AdapterDType dtype = AdapterDType.F32)
    {
        AtomicFile.WriteAllBytes(path, Serialize(adapter, manifest, dtype));
    }

    /// <summary>The file's bytes; the manifest's LoRA, backbone and dtype fields are filled from the adapter.</summary>
    public static byte[] Serialize(LoraAdapter adapter, AdapterManifest manifest, AdapterDType dtype = AdapterDType.F32)
    {
        var complete = Complete(adapter, manifest, dtype);
        var storage = dtype == AdapterDType.F16 ? ScalarType.Float16 : ScalarType.Float32;
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>();
        foreach (var target in adapter.Settings.Targets)
        {
            tensors[$"lora.{target.ShortName()}.a"] = adapter.A(target).detach().to(storage);
            tensors[$"lora.{target.ShortName()}.b"] = adapter.B(target).detach().to(storage);
        }
        tensors["head.weight"] = adapter.Head.weight!.detach().to(storage);
        tensors["head.bias"] = adapter.Head.bias!.detach().to(storage);
        return SafeTensorsFile.Serialize(tensors, new Dictionary<string, string>
        {
            [FormatKey] = FormatName,
            ["format_version"] = complete.FormatVersion.ToString(CultureInfo.InvariantCulture),
            [ManifestKey] = complete.ToJson(),
        });
    }

    public static LoadedAdapter Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Adapter file not found: {path}", path);
        try
        {
            using var stream = File.OpenRead(path);
            return Load(stream);
        }
        catch (AdapterFormatException e)
        {
            throw new AdapterFormatException($"{path}: {e.Message}");
        }
    }

    public static LoadedAdapter Load(byte[] bytes) => Load(new MemoryStream(bytes, writable: false));

    public static LoadedAdapter Load(Stream stream)
    {
        Dictionary<string, Tensor> tensors;
        Dictionary<string, string> metadata;
        try
        {
            (tensors, metadata) = SafeTensorsFile.Read(stream);
        }
        catch (SafeTensorsFormatException e)
        {
            throw new AdapterFormatException($"not a valid adapter file: {e.Message}");
        }
        try
        {
            return Build(tensors, metadata);
        }
        finally
        {
            foreach (var t in tensors.Values)
                t.Dispose();
        }
    }

    static AdapterManifest Complete(LoraAdapter adapter, AdapterManifest manifest, AdapterDType dtype)
    {
        if (manifest.Labels.Count != adapter.NumClasses)
            throw new ArgumentException($"Manifest has {manifest.Labels.Count} labels but the adapter's head has {adapter.NumClasses} classes.");
        var thresholds = manifest.MultiLabel && manifest.Thresholds.Count == 0
            ? Enumerable.Repeat(0.5f, adapter.NumClasses).ToArray()
            : manifest.Thresholds;
        if (manifest.MultiLabel && thresholds.Count != adapter.NumClasses)
            throw new ArgumentException($"Manifest has {thresholds.Count} thresholds for {adapter.NumClasses} labels.");
        var config = adapter.Backbone;
        return manifest with
        {
            FormatVersion = AdapterManifest.CurrentFormatVersion,
            Thresholds = thresholds,
            Rank = adapter.Settings.Rank,
            Alpha = adapter.Settings.Alpha,
            Targets = adapter.Settings.Targets.Select(t => t.ShortName()).ToArray(),
            DType = dtype.ToString(),
            Preprocessing = manifest.Preprocessing ?? new AdapterPreprocessing(config.ImageSize, config.Mean, config.Std),
            BackboneConfig = config,
            BackboneFingerprint = adapter.TrainedOn.Fingerprint,
            CreatedAt = manifest.CreatedAt ?? DateTimeOffset.UtcNow,
        };
    }

    static LoadedAdapter Build(Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(FormatKey, out var format) || format != FormatName)
            throw new AdapterFormatException(
                $"metadata 'format' is '{format ?? "(absent)"}', not '{FormatName}'. For files from the MeLo reference code use 'melo adapter import'.");
        if (!metadata.TryGetValue(ManifestKey, out var json))
            throw new AdapterFormatException($"metadata '{ManifestKey}' is missing.");
        AdapterManifest manifest;
        try
        {
            manifest = AdapterManifest.FromJson(json);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
        {
            throw new AdapterFormatException($"manifest is not valid JSON ({e.Message}).");
        }
        if (manifest.FormatVersion > AdapterManifest.CurrentFormatVersion)
            throw new AdapterFormatException($"format version {manifest.FormatVersion} is newer than this build supports ({AdapterManifest.CurrentFormatVersion}).");
        var config = manifest.BackboneConfig ?? throw new AdapterFormatException("manifest names no backbone config.");

        LoraSettings settings;
        try
        {
            settings = new LoraSettings { Rank = manifest.Rank, Alpha = manifest.Alpha, Targets = manifest.Targets.Select(LoraTargetShapes.Parse).ToArray() };
            settings.Validate();
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new AdapterFormatException($"manifest is inconsistent: {e.Message}");
        }

        int classes = manifest.Labels.Count;
        var expected = new Dictionary<string, long[]>
        {
            ["head.weight"] = [classes, config.Dim],
            ["head.bias"] = [classes],
        };
        foreach (var target in settings.Targets)
        {
            expected[$"lora.{target.ShortName()}.a"] = [config.Depth, settings.Rank, target.InFeatures(config)];
            expected[$"lora.{target.ShortName()}.b"] = [config.Depth, target.OutFeatures(config), settings.Rank];
        }
        var problems = new List<string>();
        using (NewDisposeScope())
        foreach (var (name, shape) in expected)
        {
            if (!tensors.TryGetValue(name, out var t))
                problems.Add($"tensor '{name}' is missing");
            else if (!t.shape.SequenceEqual(shape))
                problems.Add($"tensor '{name}' is [{string.Join(",", t.shape)}], expected [{string.Join(",", shape)}]");
            else if (!t.to(ScalarType.Float32).isfinite().all().item<bool>())
                problems.Add($"tensor '{name}' holds NaN or infinite values");
        }
        problems.AddRange(tensors.Keys.Where(k => !expected.ContainsKey(k)).Select(k => $"tensor '{k}' is unexpected"));
        if (manifest.MultiLabel && manifest.Thresholds.Count != classes)
            problems.Add($"{manifest.Thresholds.Count} thresholds for {classes} labels");
        if (problems.Count > 0)
            throw new AdapterFormatException(string.Join("; ", problems) + ".");

        var adapter = new LoraAdapter(config, settings, classes) { TrainedOn = manifest.Backbone };
        using (no_grad())
        {
            foreach (var target in settings.Targets)
            {
                adapter.A(target).copy_(tensors[$"lora.{target.ShortName()}.a"]);
                adapter.B(target).copy_(tensors[$"lora.{target.ShortName()}.b"]);
            }
            adapter.Head.weight!.copy_(tensors["head.weight"]);
            adapter.Head.bias!.copy_(tensors["head.bias"]);
        }
        return new LoadedAdapter(adapter, manifest);
    }
}
