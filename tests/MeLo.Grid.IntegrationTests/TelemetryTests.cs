using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using MeLo.Grid.IntegrationTests.Infrastructure;

namespace MeLo.Grid.IntegrationTests;

/// <summary>Traces and metrics name tasks and status codes, never what identifies a patient (item ids).</summary>
[Collection(GridCollection.Name)]
public sealed class TelemetryTests(GridFixture fixture)
{
    const string PatientMarker = "patient-4711";

    [Fact]
    public async Task Item_ids_appear_in_no_trace_or_metric()
    {
        var tags = new List<string>();
        var measured = new List<string>();
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

        using (var call = fixture.Grid.Diagnosis.DiagnoseStream())
        {
            await call.RequestStream.WriteAsync(Items.Image($"{PatientMarker}-good", "alpha", TestImages.Png(5)));
            await call.RequestStream.WriteAsync(Items.Image($"{PatientMarker}-bad", "alpha", "garbage"u8.ToArray()));
            await call.RequestStream.CompleteAsync();
            Assert.Equal(2, (await call.ResponseStream.ReadAllAsync().ToListAsync()).Count);
        }
        meters.RecordObservableInstruments();

        lock (tags)
        {
            Assert.Contains(tags, t => t.StartsWith("melo.diagnose_stream", StringComparison.Ordinal));
            Assert.DoesNotContain(tags, t => t.Contains(PatientMarker, StringComparison.Ordinal));
        }
        lock (measured)
        {
            Assert.Contains(measured, m => m.StartsWith("melo.gateway.items", StringComparison.Ordinal) && m.Contains("melo.task=alpha"));
            Assert.DoesNotContain(measured, m => m.Contains(PatientMarker, StringComparison.Ordinal));
        }

        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> measurementTags)
        {
            var line = $"{instrument.Name} {string.Join(" ", measurementTags.ToArray().Select(t => $"{t.Key}={t.Value}"))}";
            lock (measured)
                measured.Add(line);
        }
    }
}
