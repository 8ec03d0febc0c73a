using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using MeLo.Model.Adapters;
using Microsoft.Extensions.Options;

namespace MeLo.Serving.Engine.Repository;

/// <summary>
/// Adapters on disk: <c>Root/&lt;taskId&gt;/v&lt;n&gt;.safetensors</c>, one file per version, plus two small text files per task:
/// <c>active</c> (the active version's label) and <c>last-version</c> (the highest number ever issued).
/// <list type="bullet">
/// <item>Versions are v1, v2, … and never reused, not even after every version of a task was deleted, so a label always
/// names the same bytes and engines in other processes can cache adapters by (task, version).</item>
/// <item>Uploads are validated with <see cref="AdapterFile.Load(byte[])"/>, written to a temp file in the task folder and
/// renamed into place (rename never overwrites, which also makes version numbers safe between processes).</item>
/// <item>The stored manifest is rewritten: its <c>TaskId</c> becomes the folder's task id (the path is the truth, so a file
/// trained under another name can be served under this one) and its <c>Version</c> the assigned label.</item>
/// <item>Deleting the active version activates the newest remaining one, so a task with versions always has an active one.</item>
/// </list>
/// Writes are serialised within the process; reads run concurrently with them.
/// </summary>
public sealed partial class DirectoryAdapterRepository : IAdapterRepository
{
    const string Extension = ".safetensors";
    const string ActiveMarker = "active";
    const string LastVersionMarker = "last-version";

    readonly string _root;
    readonly SemaphoreSlim _writeLock = new(1, 1);
    // Versions are immutable, so their manifests can be cached for the life of the process.
    readonly ConcurrentDictionary<(string TaskId, string Version), AdapterManifest> _manifests = new();

    public DirectoryAdapterRepository(IOptions<DirectoryAdapterRepositoryOptions> options)
    {
        var result = new DirectoryAdapterRepositoryOptionsValidator().Validate(Options.DefaultName, options.Value);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(DirectoryAdapterRepositoryOptions), result.Failures);
        _root = Path.GetFullPath(options.Value.Root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public event Action<string>? Changed;

    public async Task<IReadOnlyList<AdapterDescriptor>> ListAsync(CancellationToken cancellationToken = default)
    {
        var descriptors = new List<AdapterDescriptor>();
        foreach (var folder in Directory.EnumerateDirectories(_root).Order(StringComparer.Ordinal))
        {
            var taskId = Path.GetFileName(folder);
            if (!AdapterTaskId.IsValid(taskId))
                continue;
            var active = await ReadActiveAsync(taskId, cancellationToken).ConfigureAwait(false);
            foreach (var number in VersionNumbers(taskId))
                if (Describe(taskId, Label(number), active) is { } descriptor)
                    descriptors.Add(descriptor);
        }
        return descriptors;
    }

    public async Task<AdapterDescriptor?> GetAsync(string taskId, string? version = null, CancellationToken cancellationToken = default)
    {
        AdapterTaskId.EnsureValid(taskId);
        var active = await ReadActiveAsync(taskId, cancellationToken).ConfigureAwait(false);
        version ??= active;
        return version is null || !IsLabel(version) ? null : Describe(taskId, version, active);
    }

    public async Task<byte[]> ReadAsync(string taskId, string version, CancellationToken cancellationToken = default)
    {
        AdapterTaskId.EnsureValid(taskId);
        if (!IsLabel(version))
            throw new TaskNotFoundException(taskId, version);
        try
        {
            return await File.ReadAllBytesAsync(VersionPath(taskId, version), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TaskNotFoundException(taskId, version);
        }
    }

    public async Task<AdapterDescriptor> PutAsync(string taskId, byte[] adapterFile, bool activate, CancellationToken cancellationToken = default)
    {
        AdapterTaskId.EnsureValid(taskId);
        ArgumentNullException.ThrowIfNull(adapterFile);
        // Validate before touching the disk: a refused upload leaves nothing behind, not even the task folder.
        using var loaded = Validate(adapterFile);
        var dtype = Enum.Parse<AdapterDType>(loaded.Manifest.DType, ignoreCase: true);

        AdapterDescriptor descriptor;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var folder = Directory.CreateDirectory(TaskFolder(taskId)).FullName;
            int number = Math.Max(VersionNumbers(taskId).DefaultIfEmpty(0).Max(), await ReadLastNumberAsync(taskId, cancellationToken).ConfigureAwait(false)) + 1;
            var temp = Path.Combine(folder, $".upload-{Guid.NewGuid():N}.tmp");
            try
            {
                AdapterManifest manifest;
                while (true)
                {
                    manifest = loaded.Manifest with { TaskId = taskId, Version = Label(number) };
                    await File.WriteAllBytesAsync(temp, AdapterFile.Serialize(loaded.Adapter, manifest, dtype), cancellationToken).ConfigureAwait(false);
                    try
                    {
                        File.Move(temp, VersionPath(taskId, Label(number)), overwrite: false);
                        break;
                    }
                    catch (IOException) when (File.Exists(VersionPath(taskId, Label(number))))
                    {
                        number++; // another process took this number; the manifest names the version, so re-serialise.
                    }
                }
                _manifests[(taskId, Label(number))] = manifest;
            }
            finally
            {
                File.Delete(temp);
            }
            // The version is visible now; finish the bookkeeping even if the caller gives up.
            await WriteMarkerAsync(taskId, LastVersionMarker, number.ToString(CultureInfo.InvariantCulture), CancellationToken.None).ConfigureAwait(false);
            var active = await ReadActiveMarkerAsync(taskId, CancellationToken.None).ConfigureAwait(false);
            if (activate || active is null)
            {
                active = Label(number);
                await WriteMarkerAsync(taskId, ActiveMarker, active, CancellationToken.None).ConfigureAwait(false);
            }
            descriptor = Describe(taskId, Label(number), active)
                ?? throw new IOException($"Adapter {taskId}@{Label(number)} vanished right after it was written.");
        }
        finally
        {
            _writeLock.Release();
        }
        Changed?.Invoke(taskId);
        return descriptor;
    }

    public async Task<bool> DeleteAsync(string taskId, string? version = null, CancellationToken cancellationToken = default)
    {
        AdapterTaskId.EnsureValid(taskId);
        if (version is not null && !IsLabel(version))
            return false;
        bool deleted = false;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var doomed = version is null ? VersionNumbers(taskId).Select(Label).ToList() : [version];
            foreach (var label in doomed)
            {
                var path = VersionPath(taskId, label);
                if (!File.Exists(path))
                    continue;
                File.Delete(path);
                _manifests.TryRemove((taskId, label), out _);
                deleted = true;
            }
            if (deleted && await ReadActiveMarkerAsync(taskId, CancellationToken.None).ConfigureAwait(false) is null)
            {
                // The folder and last-version stay, so that numbers are never reused.
                var newest = VersionNumbers(taskId).DefaultIfEmpty(0).Max();
                if (newest > 0)
                    await WriteMarkerAsync(taskId, ActiveMarker, Label(newest), CancellationToken.None).ConfigureAwait(false);
                else
                    File.Delete(MarkerPath(taskId, ActiveMarker));
            }
        }
        finally
        {
            _writeLock.Release();
        }
        if (deleted)
            Changed?.Invoke(taskId);
        return deleted;
    }

    public async Task SetActiveVersionAsync(string taskId, string version, CancellationToken cancellationToken = default)
    {
        AdapterTaskId.EnsureValid(taskId);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsLabel(version) || !File.Exists(VersionPath(taskId, version)))
                throw new TaskNotFoundException(taskId, version);
            await WriteMarkerAsync(taskId, ActiveMarker, version, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
        Changed?.Invoke(taskId);
    }

    static LoadedAdapter Validate(byte[] adapterFile)
    {
        try
        {
            return AdapterFile.Load(adapterFile);
        }
        catch (Exception e) when (e is not AdapterFormatException and not OutOfMemoryException)
        {
            // Uploads are untrusted bytes; some malformed headers (invalid UTF-8 in the JSON) escape the parser as other types.
            throw new AdapterFormatException($"not a valid adapter file: {e.Message}");
        }
    }

    AdapterDescriptor? Describe(string taskId, string version, string? active)
    {
        var file = new FileInfo(VersionPath(taskId, version));
        if (!file.Exists)
            return null;
        AdapterManifest manifest;
        try
        {
            manifest = _manifests.GetOrAdd((taskId, version), key =>
            {
                using var loaded = AdapterFile.Load(file.FullName);
                return loaded.Manifest;
            });
        }
        catch (FileNotFoundException)
        {
            return null; // deleted meanwhile
        }
        return new AdapterDescriptor(taskId, version, version == active, file.Length, manifest);
    }

    IEnumerable<int> VersionNumbers(string taskId)
    {
        var folder = TaskFolder(taskId);
        if (!Directory.Exists(folder))
            return [];
        return Directory.EnumerateFiles(folder, "v*" + Extension)
            .Select(path => VersionFileName().Match(Path.GetFileName(path)))
            .Where(match => match.Success)
            .Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            .Order()
            .ToList();
    }

    /// <summary>The marked version, or the newest one when the marker is missing or stale (a crash between rename and marker write).</summary>
    async Task<string?> ReadActiveAsync(string taskId, CancellationToken cancellationToken) =>
        await ReadActiveMarkerAsync(taskId, cancellationToken).ConfigureAwait(false)
        ?? VersionNumbers(taskId).Select(Label).LastOrDefault();

    /// <summary>The marked version if that version exists.</summary>
    async Task<string?> ReadActiveMarkerAsync(string taskId, CancellationToken cancellationToken)
    {
        var active = await ReadMarkerAsync(taskId, ActiveMarker, cancellationToken).ConfigureAwait(false);
        return active is not null && IsLabel(active) && File.Exists(VersionPath(taskId, active)) ? active : null;
    }

    async Task<int> ReadLastNumberAsync(string taskId, CancellationToken cancellationToken) =>
        int.TryParse(await ReadMarkerAsync(taskId, LastVersionMarker, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture, out var number) ? number : 0;

    async Task<string?> ReadMarkerAsync(string taskId, string marker, CancellationToken cancellationToken)
    {
        try
        {
            return (await File.ReadAllTextAsync(MarkerPath(taskId, marker), cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    async Task WriteMarkerAsync(string taskId, string marker, string value, CancellationToken cancellationToken)
    {
        // Rename over the old marker, so readers see the old or the new value, never a partial one.
        var temp = Path.Combine(TaskFolder(taskId), $".{marker}-{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temp, value, cancellationToken).ConfigureAwait(false);
        File.Move(temp, MarkerPath(taskId, marker), overwrite: true);
    }

    string TaskFolder(string taskId) => Path.Combine(_root, taskId);
    string VersionPath(string taskId, string version) => Path.Combine(_root, taskId, version + Extension);
    string MarkerPath(string taskId, string marker) => Path.Combine(_root, taskId, marker);

    static string Label(int number) => "v" + number.ToString(CultureInfo.InvariantCulture);
    static bool IsLabel(string version) => VersionLabel().IsMatch(version);

    [GeneratedRegex(@"^v[1-9][0-9]{0,8}\z")]
    private static partial Regex VersionLabel();

    [GeneratedRegex(@"^v([1-9][0-9]{0,8})\.safetensors\z")]
    private static partial Regex VersionFileName();
}
