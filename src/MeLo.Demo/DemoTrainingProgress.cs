using MeLo.Training;
using Microsoft.Extensions.Logging;

namespace MeLo.Hosting;

/// <summary>One log line per epoch while <see cref="DemoContent"/> trains a demo adapter, so a slow first start explains itself.</summary>
sealed partial class DemoTrainingProgress(ILogger logger, string task, int epochs) : ITrainingProgress
{
    public void EpochCompleted(EpochRecord record, SelectionMetric selectedBy) =>
        LogEpoch(task, record.Epoch, epochs, record.TrainLoss, selectedBy, record.Validation.Score(selectedBy), record.Seconds);

    public void Message(string text) => LogMessage(task, text);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo adapter {Task}: epoch {Epoch}/{Epochs}, train loss {Loss:F3}, validation {Metric} {Score:F3} ({Seconds:F1}s)")]
    partial void LogEpoch(string task, int epoch, int epochs, double loss, SelectionMetric metric, double score, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo adapter {Task}: {Text}")]
    partial void LogMessage(string task, string text);
}
