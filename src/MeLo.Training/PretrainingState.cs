using System.Text.Json.Nodes;

namespace MeLo.Training;

/// <summary>The bookkeeping saved with each pretraining epoch: the options that must match to resume, and the records so far.</summary>
internal sealed record PretrainingState(JsonObject Identity, int CompletedEpochs, IReadOnlyList<EpochRecord> Epochs);
