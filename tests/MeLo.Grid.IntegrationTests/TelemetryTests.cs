using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using MeLo.Cli;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeLo.Grid.IntegrationTests;

/// <summary>Logs, traces and metrics name tasks and status codes, never what identifies a patient (item ids, file names).</summary>
public sealed class TelemetryTests
{
    const string PatientMarker = "patient-4711";

    [Fact]
    public async Task Item_ids_and_file_names_appear_in_no_log_trace_or_metric()
    {
        var tags = new List<string>();
        var measured = new List<string>();
        var logs = new CapturedLogs();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("MeLo", StringComparison.Ordinal) || source.Name.StartsWith("Microsoft", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (tags)
                    tags.AddRange(activity.TagObjects.Select(t => $"{activity.DisplayName} {t.Key}={t.Value}").Append(activity.DisplayName));
            },
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument),
        };
        meters.SetMeasurementEventCallback<long>((instrument, _, measurementTags, _) => Record(instrument, measurementTags));
        meters.SetMeasurementEventCallback<double>((instrument, _, measurementTags, _) => Record(instrument, measurementTags));
        meters.SetMeasurementEventCallback<int>((instrument, _, measurementTags, _) => Record(instrument, measurementTags));
        meters.Start();
        using var work = new TempDirectory($"melo-{PatientMarker}-");
        await using (var grid = await ServeGrid.StartAsync(services: services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            services.Configure<LoggerFilterOptions>(filter => filter.MinLevel = LogLevel.Debug);
        }))
        {
            using (var reference = new ReferenceModel())
                await grid.UploadAsync("alpha", reference.AddAdapter(TestTask.Alpha));
            using (var call = grid.Diagnosis.DiagnoseStream())
            {
                await call.RequestStream.WriteAsync(Items.Image($"{PatientMarker}-good", "alpha", TestImages.Png(5)));
                await call.RequestStream.WriteAsync(Items.Image($"{PatientMarker}-bad", "alpha", "garbage"u8.ToArray()));
                await call.RequestStream.WriteAsync(Items.Image($"{PatientMarker}-unknown-task", "no-such-task", TestImages.Png(6)));
                await call.RequestStream.CompleteAsync();
                Assert.Equal(3, (await call.ResponseStream.ReadAllAsync().ToListAsync()).Count);
            }
            // `melo diagnose` sends file names as item ids.
            var folder = Directory.CreateDirectory(work.Combine($"{PatientMarker}-studies"));
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, $"{PatientMarker}-scan.png"), TestImages.Png(7));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, $"{PatientMarker}-broken.png"), "not a png");
            using var output = new StringWriter();
            using var error = new StringWriter();
            Assert.Equal(1, await CliRunner.InvokeAsync(MeLoCommandLine.Create(),
                ["diagnose", "--address", grid.Address, "--task", "alpha", folder.FullName], output, error));
            meters.RecordObservableInstruments();
        }

        lock (tags)
        {
            Assert.Contains(tags, t => t.StartsWith("melo.diagnose_stream", StringComparison.Ordinal));
            Assert.Contains(tags, t => t.StartsWith("melo.engine.forward", StringComparison.Ordinal));
            Assert.DoesNotContain(tags, t => t.Contains(PatientMarker, StringComparison.Ordinal));
        }
        lock (measured)
        {
            Assert.Contains(measured, m => m.StartsWith("melo.gateway.items", StringComparison.Ordinal) && m.Contains("melo.task=alpha"));
            Assert.Contains(measured, m => m.StartsWith("melo.engine.batch.size", StringComparison.Ordinal));
            Assert.DoesNotContain(measured, m => m.Contains(PatientMarker, StringComparison.Ordinal));
        }
        // Debug logs of the whole grid (Orleans, ASP.NET Core, gRPC, MeLo) during the traffic, bad items included.
        Assert.NotEmpty(logs.Records);
        Assert.DoesNotContain(logs.Records, r => r.Contains(PatientMarker, StringComparison.Ordinal));

        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> measurementTags)
        {
            var line = $"{instrument.Name} {string.Join(" ", measurementTags.ToArray().Select(t => $"{t.Key}={t.Value}"))}";
            lock (measured)
                measured.Add(line);
        }
    }
}
