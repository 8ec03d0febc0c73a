using System.Globalization;
using MeLo.Evaluation;

namespace MeLo.Training;

/// <summary>
/// A text progress bar per epoch with live loss and training accuracy. Interactive output redraws one line with '\r';
/// redirected output (logs, CI) gets one plain line per epoch instead of a stream of redraws.
/// </summary>
public sealed class ConsoleTrainingProgress(TextWriter output, bool interactive) : ITrainingProgress
{
    const int BarWidth = 24;
    int _epochs;

    /// <summary>Interactive when <paramref name="output"/> is the console and the console is not redirected.</summary>
    public static ConsoleTrainingProgress For(TextWriter output) =>
        new(output, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);

    public void EpochStarted(int epoch, int epochs, int batches, double learningRate) => _epochs = epochs;

    public void BatchCompleted(int epoch, int batch, int batches, double runningLoss, double runningAccuracy, double imagesPerSecond)
    {
        if (!interactive)
            return;
        int filled = BarWidth * batch / batches;
        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"\repoch {epoch}/{_epochs} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {batch}/{batches} loss {runningLoss:F4} acc {runningAccuracy:F3} {imagesPerSecond:F1} img/s  "));
        output.Flush();
    }

    public void EpochCompleted(EpochRecord record, SelectionMetric selectedBy)
    {
        if (interactive)
            output.Write('\r');
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {record.Epoch}/{_epochs} lr {record.LearningRate:G3} loss {record.TrainLoss:F4} train-acc {record.TrainAccuracy:F3} | " +
            $"val loss {record.Validation.Loss:F4} acc {Percent(record.Validation.Accuracy)} auc {Percent(record.Validation.Auc)} f1 {Percent(record.Validation.F1Score)} | " +
            $"{record.Seconds:F1}s {record.ImagesPerSecond:F1} img/s rss {record.WorkingSetBytes / 1048576.0:F0} MiB{(record.IsBest ? $" * best {selectedBy}" : "")}"));
    }

    public void Message(string text) => output.WriteLine(text);

    static string Percent(double fraction) => MetricsTableFormatter.FormatPercentage(fraction);
}
