using MeLo.Model.Adapters;
using MeLo.Serving.Engine.Repository;
using Microsoft.Extensions.Options;

namespace MeLo.Serving.Engine.Tests;

public sealed class DirectoryAdapterRepositoryTests : IDisposable
{
    readonly TempDirectory _directory = new();
    readonly MeLo.Model.Vit.VisionTransformer _backbone = TestModels.Backbone();

    DirectoryAdapterRepository NewRepository() =>
        new(Options.Create(new DirectoryAdapterRepositoryOptions { Root = Path.Combine(_directory.Path, "adapters") }));

    byte[] AdapterFileFor(string manifestTaskId, long seed = 1) => TestModels.File(TestModels.Adapter(_backbone, 2, seed), manifestTaskId);

    public void Dispose()
    {
        _backbone.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Versions_are_kept_the_first_is_active_and_later_ones_only_when_asked()
    {
        var repository = NewRepository();
        var changes = new List<string>();
        repository.Changed += changes.Add;

        var v1 = await repository.PutAsync("chest", AdapterFileFor("chest", 1), activate: false);
        var v2 = await repository.PutAsync("chest", AdapterFileFor("chest", 2), activate: false);

        Assert.Equal(("v1", true), (v1.Version, v1.Active));
        Assert.Equal(("v2", false), (v2.Version, v2.Active));
        Assert.Equal("v1", (await repository.GetAsync("chest"))!.Version);
        Assert.Equal(["v1", "v2"], (await repository.ListAsync()).Select(d => d.Version));

        await repository.SetActiveVersionAsync("chest", "v2");
        var active = await repository.GetAsync("chest");
        Assert.Equal(("v2", true), (active!.Version, active.Active));
        Assert.False((await repository.GetAsync("chest", "v1"))!.Active);
        Assert.Equal(["chest", "chest", "chest"], changes);

        // A second repository over the same folder (another process, a restart) sees the same state.
        var reopened = NewRepository();
        Assert.Equal([("v1", false), ("v2", true)], (await reopened.ListAsync()).Select(d => (d.Version, d.Active)));
        Assert.Equal(v2.SizeBytes, (await reopened.ReadAsync("chest", "v2")).Length);
    }

    [Fact]
    public async Task The_stored_manifest_names_the_task_and_version_and_the_weights_are_unchanged()
    {
        var repository = NewRepository();
        var upload = AdapterFileFor("trained-as-something-else");

        var descriptor = await repository.PutAsync("chest", upload, activate: true);

        Assert.Equal(("chest", "v1"), (descriptor.Manifest.TaskId, descriptor.Manifest.Version));
        using var stored = AdapterFile.Load(await repository.ReadAsync("chest", "v1"));
        using var original = AdapterFile.Load(upload);
        Assert.Equal(("chest", "v1"), (stored.Manifest.TaskId, stored.Manifest.Version));
        Assert.Equal(original.Manifest.Labels, stored.Manifest.Labels);
        Assert.Equal(original.Manifest.BackboneFingerprint, stored.Manifest.BackboneFingerprint);
        foreach (var (name, value) in original.Adapter.state_dict())
            Assert.True(value.eq(stored.Adapter.state_dict()[name]).all().item<bool>(), $"{name} changed");
    }

    [Fact]
    public async Task A_corrupt_upload_is_refused_and_leaves_nothing_behind()
    {
        var repository = NewRepository();
        var good = AdapterFileFor("chest");
        await Assert.ThrowsAsync<AdapterFormatException>(() => repository.PutAsync("brain", good[..(good.Length / 2)], activate: true));
        await Assert.ThrowsAsync<AdapterFormatException>(() => repository.PutAsync("brain", [1, 2, 3], activate: true));
        Assert.Empty(Directory.EnumerateFileSystemEntries(repository.Root));

        await repository.PutAsync("chest", good, activate: true);
        var before = Directory.EnumerateFileSystemEntries(repository.Root, "*", SearchOption.AllDirectories).Order().ToArray();
        var corrupt = (byte[])good.Clone();
        corrupt[10] ^= 0xFF; // inside the header
        await Assert.ThrowsAsync<AdapterFormatException>(() => repository.PutAsync("chest", corrupt, activate: true));
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(repository.Root, "*", SearchOption.AllDirectories).Order());
        Assert.Equal("v1", (await repository.GetAsync("chest"))!.Version);
    }

    [Fact]
    public async Task Deleting_keeps_an_active_version_and_never_reuses_numbers()
    {
        var repository = NewRepository();
        for (int i = 0; i < 3; i++)
            await repository.PutAsync("chest", AdapterFileFor("chest", i), activate: true);

        Assert.True(await repository.DeleteAsync("chest", "v3"));
        Assert.Equal("v2", (await repository.GetAsync("chest"))!.Version); // the newest remaining became active
        Assert.False(await repository.DeleteAsync("chest", "v3"));
        Assert.False(await repository.DeleteAsync("chest", "v9"));
        Assert.False(await repository.DeleteAsync("nosuch"));
        await Assert.ThrowsAsync<TaskNotFoundException>(() => repository.ReadAsync("chest", "v3"));
        await Assert.ThrowsAsync<TaskNotFoundException>(() => repository.SetActiveVersionAsync("chest", "v3"));

        Assert.True(await repository.DeleteAsync("chest"));
        Assert.Empty(await repository.ListAsync());
        Assert.Null(await repository.GetAsync("chest"));

        var next = await repository.PutAsync("chest", AdapterFileFor("chest", 9), activate: false);
        Assert.Equal(("v4", true), (next.Version, next.Active));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("/etc")]
    [InlineData("Chest")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData("a\0b")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Task_ids_that_could_leave_the_root_are_refused(string taskId)
    {
        var repository = NewRepository();
        var file = AdapterFileFor("x");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => repository.PutAsync(taskId, file, activate: true));
        Assert.Contains("Task id", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => repository.GetAsync(taskId));
        await Assert.ThrowsAsync<ArgumentException>(() => repository.ReadAsync(taskId, "v1"));
        await Assert.ThrowsAsync<ArgumentException>(() => repository.DeleteAsync(taskId));
        await Assert.ThrowsAsync<ArgumentException>(() => repository.SetActiveVersionAsync(taskId, "v1"));
        Assert.Equal(["adapters"], Directory.EnumerateFileSystemEntries(_directory.Path).Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateFileSystemEntries(repository.Root));
    }

    [Fact]
    public async Task Version_labels_that_are_not_issued_by_the_repository_are_absent()
    {
        var repository = NewRepository();
        await repository.PutAsync("chest", AdapterFileFor("chest"), activate: true);
        Assert.Null(await repository.GetAsync("chest", "../chest/v1"));
        Assert.Null(await repository.GetAsync("chest", "1"));
        await Assert.ThrowsAsync<TaskNotFoundException>(() => repository.ReadAsync("chest", "v1.safetensors"));
    }

    [Fact]
    public async Task Concurrent_uploads_get_distinct_versions()
    {
        var repository = NewRepository();
        var files = Enumerable.Range(0, 8).Select(i => AdapterFileFor("chest", i)).ToArray();
        var descriptors = await Task.WhenAll(files.Select(f => Task.Run(() => repository.PutAsync("chest", f, activate: false))));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"v{i}"), descriptors.Select(d => d.Version).Order(StringComparer.Ordinal));
        Assert.Single(descriptors, d => d.Active);
    }

    [Fact]
    public void An_empty_root_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new DirectoryAdapterRepository(Options.Create(new DirectoryAdapterRepositoryOptions())));
        Assert.Contains("Root must name the adapter folder", error.Message);
    }
}
