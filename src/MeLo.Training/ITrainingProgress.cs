namespace MeLo.Training;

/// <summary>Receives training progress. Called on the training thread; keep it quick. Every member defaults to doing nothing.</summary>
public interface ITrainingProgress
{
    /// <param name="epoch">1-based.</param>
    void EpochStarted(int epoch, int epochs, int batches, double learningRate) { }

    /// <param name="runningLoss">Mean training loss of the epoch so far.</param>
    /// <param name="runningAccuracy">Fraction of correct training decisions of the epoch so far.</param>
    void BatchCompleted(int epoch, int batch, int batches, double runningLoss, double runningAccuracy, double imagesPerSecond) { }

    /// <summary>After validation and the epoch's checkpoint are saved, so cancelling here resumes after this epoch.</summary>
    void EpochCompleted(EpochRecord record, SelectionMetric selectedBy) { }

    /// <summary>A note worth showing, e.g. resuming or stopping early.</summary>
    void Message(string text) { }
}
