using System.Diagnostics;
using System.Text.Json;
using MeLo.Cli;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;
using MeLo.Model.Lora;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// `melo adapter upload|list|get|activate|delete` against a served grid with authentication on: changes need the admin
/// token, reads the diagnose token, and a refused call prints `error: CODE: detail` and exits 1.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class AdapterCommandTests(GridFixture fixture) : IDisposable
{
    readonly TempDirectory _work = new("melo-adapter-command-");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Upload_list_get_activate_and_delete_manage_a_tasks_versions()
    {
        var task = new TestTask("cli-lifecycle", ["normal", "abnormal"], false, 31);
        var first = await WriteAsync("v1.safetensors", fixture.Reference.AddAdapter(task));

        var (exit, lines, error) = await RunAsync("adapter", "upload", first, "--task", task.Id, "--address", fixture.Grid.Address, "--token", AdminToken);
        Assert.True(exit == 0, error);
        var uploaded = Assert.Single(lines);
        Assert.Equal((task.Id, "v1", true), (uploaded.GetProperty("task").GetString(), uploaded.GetProperty("version").GetString(), uploaded.GetProperty("active").GetBoolean()));
        Assert.Equal(task.Labels, uploaded.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));

        var second = await WriteAsync("v2.safetensors", fixture.Reference.AddAdapter(task, seed: task.Seed + 1));
        (exit, lines, error) = await RunAsync("adapter", "upload", second, "--task", task.Id, "--no-activate", "--address", fixture.Grid.Address, "--token", AdminToken);
        Assert.True(exit == 0, error);
        Assert.Equal(("v2", false), (lines[0].GetProperty("version").GetString(), lines[0].GetProperty("active").GetBoolean()));
        Assert.Equal("v1", await DiagnosedVersionAsync(task.Id));

        // Reads need only the diagnose role.
        (exit, lines, error) = await RunAsync("adapter", "list", "--task", task.Id, "--address", fixture.Grid.Address, "--token", DiagnoseToken);
        Assert.True(exit == 0, error);
        Assert.Equal([("v1", true), ("v2", false)], lines.Select(l => (l.GetProperty("version").GetString(), l.GetProperty("active").GetBoolean())).Order());
        Assert.All(lines, l => Assert.Equal(task.Id, l.GetProperty("task").GetString()));
        (exit, lines, _) = await RunAsync("adapter", "list", "--task", task.Id, "--active", "--address", fixture.Grid.Address, "--token", DiagnoseToken);
        Assert.Equal(0, exit);
        Assert.Equal(["v1"], lines.Select(l => l.GetProperty("version").GetString()));
        (exit, lines, _) = await RunAsync("adapter", "list", "--address", fixture.Grid.Address, "--token", DiagnoseToken);
        Assert.Equal(0, exit);
        Assert.Contains(lines, l => l.GetProperty("task").GetString() == "alpha");

        (exit, lines, error) = await RunAsync("adapter", "get", task.Id, "--version", "v2", "--address", fixture.Grid.Address, "--token", DiagnoseToken);
        Assert.True(exit == 0, error);
        Assert.Equal(("v2", false, 4), (lines[0].GetProperty("version").GetString(), lines[0].GetProperty("active").GetBoolean(), lines[0].GetProperty("rank").GetInt32()));
        Assert.Equal(0.5, lines[0].GetProperty("metrics").GetProperty("auc").GetDouble());
        (exit, lines, _) = await RunAsync("adapter", "get", task.Id, "--address", fixture.Grid.Address, "--token", DiagnoseToken);
        Assert.Equal(0, exit);
        Assert.Equal("v1", lines[0].GetProperty("version").GetString());

        (exit, lines, error) = await RunAsync("adapter", "activate", task.Id, "v2", "--address", fixture.Grid.Address, "--token", AdminToken);
        Assert.True(exit == 0, error);
        Assert.Equal(("v2", true), (lines[0].GetProperty("version").GetString(), lines[0].GetProperty("active").GetBoolean()));
        Assert.Equal("v2", await DiagnosedVersionAsync(task.Id));

        (exit, lines, error) = await RunAsync("adapter", "delete", task.Id, "--version", "v1", "--address", fixture.Grid.Address, "--token", AdminToken);
        Assert.True(exit == 0, error);
        Assert.True(lines[0].GetProperty("deleted").GetBoolean());
        (_, lines, _) = await RunAsync("adapter", "list", "--task", task.Id, "--address", fixture.Grid.Address, "--token", DiagnoseToken);
        Assert.Equal(["v2"], lines.Select(l => l.GetProperty("version").GetString()));

        (exit, lines, error) = await RunAsync("adapter", "delete", task.Id, "--address", fixture.Grid.Address, "--token", AdminToken);
        Assert.True(exit == 0, error);
        Assert.True(lines[0].GetProperty("deleted").GetBoolean());
        (exit, lines, error) = await RunAsync("adapter", "get", task.Id, "--address", fixture.Grid.Address, "--token", DiagnoseToken);
        Assert.Equal(1, exit);
        Assert.Empty(lines);
        Assert.StartsWith("error: NOT_FOUND: ", error);
    }

    [Fact]
    public async Task A_change_with_the_diagnose_token_is_permission_denied_and_changes_nothing()
    {
        var file = await WriteAsync("alpha.safetensors", TestTask.Alpha.AdapterFile(fixture.Reference.Backbone, seed: 77));
        // Large enough that the refusal arrives while the file is still being sent.
        var large = await WriteAsync("large.safetensors", new byte[16 << 20]);
        var before = await fixture.Grid.Adapters.ListAsync(new ListAdaptersRequest());

        foreach (var args in new[]
        {
            new[] { "upload", file, "--task", "alpha" },
            ["upload", large, "--task", "alpha"],
            ["activate", "alpha", "v1"],
            ["delete", "alpha"],
        })
        {
            var (exit, lines, error) = await RunAsync(["adapter", .. args, "--address", fixture.Grid.Address, "--token", DiagnoseToken]);
            Assert.Equal(1, exit);
            Assert.Empty(lines);
            Assert.StartsWith("error: PERMISSION_DENIED: ", error);
        }

        Assert.Equal(before, await fixture.Grid.Adapters.ListAsync(new ListAdaptersRequest()));
    }

    [Fact]
    public async Task A_forged_or_broken_upload_prints_its_status_and_detail()
    {
        var tooHighRank = await WriteAsync("rank32.safetensors", ForgedAdapters.For(fixture.Reference.Backbone, settings: new LoraSettings { Rank = 32, Alpha = 32 }));
        var (exit, _, error) = await RunAsync("adapter", "upload", tooHighRank, "--task", "cli-forged", "--address", fixture.Grid.Address, "--token", AdminToken);
        Assert.Equal(1, exit);
        Assert.StartsWith("error: FAILED_PRECONDITION: ", error);

        var garbage = await WriteAsync("garbage.safetensors", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
        (exit, _, error) = await RunAsync("adapter", "upload", garbage, "--task", "cli-forged", "--address", fixture.Grid.Address, "--token", AdminToken);
        Assert.Equal(1, exit);
        Assert.StartsWith("error: INVALID_ARGUMENT: ", error);

        (exit, _, _) = await RunAsync("adapter", "get", "cli-forged", "--address", fixture.Grid.Address, "--token", AdminToken);
        Assert.Equal(1, exit);
    }

    [Theory]
    [InlineData("upload")]
    [InlineData("list")]
    [InlineData("get")]
    [InlineData("activate")]
    [InlineData("delete")]
    public void Each_remote_command_takes_the_gateway_connection_flags(string name)
    {
        var adapter = MeLoCommandLine.Create().Subcommands.Single(c => c.Name == "adapter");
        var options = adapter.Subcommands.Single(c => c.Name == name).Options.Select(o => o.Name).ToHashSet();

        Assert.All(["--address", "--token", "--ca", "--client-cert", "--client-key"], flag => Assert.Contains(flag, options));
    }

    [Fact]
    public async Task Bad_command_lines_are_refused_before_any_call()
    {
        var (exit, _, error) = await RunAsync("adapter", "upload", _work.Combine("missing.safetensors"), "--task", "alpha", "--address", fixture.Grid.Address, "--token", AdminToken);
        Assert.Equal(1, exit);
        Assert.StartsWith("error: '", error);
        Assert.Contains("does not exist", error);

        (exit, _, error) = await RunTextAsync("adapter", "activate", "alpha", "--address", fixture.Grid.Address, "--token", AdminToken);
        Assert.NotEqual(0, exit);
        Assert.Contains("Required argument missing", error);
        (exit, _, error) = await RunTextAsync("adapter", "upload", _work.Combine("missing.safetensors"), "--address", fixture.Grid.Address);
        Assert.NotEqual(0, exit);
        Assert.Contains("--task", error);
    }

    [Fact]
    public async Task The_melo_process_takes_the_token_from_MELO_TOKEN_and_without_one_is_unauthenticated()
    {
        // Run in an empty directory, so no default data directory (.melo/keys) holds a token.
        var (exit, output, error) = await RunProcessAsync(DiagnoseToken, "adapter", "list", "--task", "alpha", "--address", fixture.Grid.Address);
        Assert.True(exit == 0, error);
        var alpha = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single()).RootElement;
        Assert.Equal("alpha", alpha.GetProperty("task").GetString());

        (exit, output, error) = await RunProcessAsync(null, "adapter", "list", "--address", fixture.Grid.Address);
        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.StartsWith("error: UNAUTHENTICATED: ", error);

        // --token wins over MELO_TOKEN.
        (exit, _, error) = await RunProcessAsync("not-a-token", "adapter", "list", "--address", fixture.Grid.Address, "--token", DiagnoseToken);
        Assert.True(exit == 0, error);
    }

    string AdminToken => fixture.Grid.Grid.AdminToken!;

    string DiagnoseToken => fixture.Grid.Grid.DiagnoseToken!;

    async Task<string> WriteAsync(string name, byte[] bytes)
    {
        var path = _work.Combine(name);
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }

    async Task<string> DiagnosedVersionAsync(string task) =>
        (await fixture.Grid.Diagnosis.DiagnoseAsync(new DiagnoseRequest { Items = { Items.Image("x", task, TestImages.Png(5)) } })).Answers.Single().Result.AdapterVersion;

    static async Task<(int Exit, List<JsonElement> Lines, string Error)> RunAsync(params string[] args)
    {
        var (exit, output, error) = await RunTextAsync(args);
        return (exit, [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)], error);
    }

    /// <summary>`melo ARGS` in-process; a parse error prints help on standard output, so this one does not parse JSON.</summary>
    static async Task<(int Exit, string Output, string Error)> RunTextAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliRunner.InvokeAsync(MeLoCommandLine.Create(), args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>`melo ARGS` as its own process in an empty working directory, with MELO_TOKEN set to <paramref name="token"/> or unset.</summary>
    async Task<(int Exit, string Output, string Error)> RunProcessAsync(string? token, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "melo.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _work.Path,
        };
        start.Environment.Remove("MELO_TOKEN");
        if (token is not null)
            start.Environment["MELO_TOKEN"] = token;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
