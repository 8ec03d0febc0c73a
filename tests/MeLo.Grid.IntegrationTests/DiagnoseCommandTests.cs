using System.Text.Json;
using MeLo.Cli;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Hosting;

namespace MeLo.Grid.IntegrationTests;

/// <summary>`melo diagnose` against a served grid: folders and CSV files in, one JSON line per image out.</summary>
[Collection(GridCollection.Name)]
public sealed class DiagnoseCommandTests(GridFixture fixture) : IDisposable
{
    readonly TempDirectory _work = new("melo-diagnose-command-");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task A_folder_is_sent_with_the_task_option_and_answered_per_file()
    {
        var folder = Directory.CreateDirectory(_work.Combine("images"));
        for (int i = 0; i < 3; i++)
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, $"scan-{i}.png"), TestImages.Png(200 + i));
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "notes.txt"), "not an image, not sent");

        var (exit, lines, _) = await RunAsync("diagnose", "--address", fixture.Grid.Address, "--token", fixture.Grid.Grid.DiagnoseToken!, "--task", "alpha", folder.FullName);

        Assert.Equal(0, exit);
        Assert.Equal(["scan-0.png", "scan-1.png", "scan-2.png"], lines.Select(l => l.GetProperty("id").GetString()).Order());
        Assert.All(lines, l => Assert.Equal("alpha", l.GetProperty("result").GetProperty("task").GetString()));
    }

    [Fact]
    public async Task A_csv_names_each_images_task_and_id_and_a_bad_image_fails_the_run()
    {
        await File.WriteAllBytesAsync(_work.Combine("a.png"), TestImages.Png(301));
        await File.WriteAllBytesAsync(_work.Combine("b.png"), TestImages.Png(302));
        await File.WriteAllTextAsync(_work.Combine("broken.png"), "not a png");
        var csv = _work.Combine("batch.csv");
        await File.WriteAllLinesAsync(csv, ["path,task,id", "a.png,beta,first", "b.png,gamma,second", "broken.png,beta,third"]);
        var output = _work.Combine("answers.jsonl");

        var (exit, _, error) = await RunAsync("diagnose", "--address", fixture.Grid.Address, "--token", fixture.Grid.Grid.DiagnoseToken!, "--output", output, csv);

        Assert.Equal(1, exit);
        Assert.Contains("3 answers, 1 failed", error);
        var answers = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(a => a.GetProperty("id").GetString()!);
        Assert.Equal("beta", answers["first"].GetProperty("result").GetProperty("task").GetString());
        Assert.Equal("gamma", answers["second"].GetProperty("result").GetProperty("task").GetString());
        Assert.Equal(3, answers["third"].GetProperty("error").GetProperty("code").GetInt32());
    }

    static async Task<(int Exit, List<JsonElement> Lines, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliRunner.InvokeAsync(MeLoCommandLine.Create(), args, output, error);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        return (exit, lines, error.ToString());
    }
}
