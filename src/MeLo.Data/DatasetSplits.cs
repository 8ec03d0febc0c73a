namespace MeLo.Data;

/// <summary>A dataset cut into train, validation and test parts sharing its label names; a part may be empty.</summary>
public sealed record DatasetSplits(LabeledDataset Train, LabeledDataset Validation, LabeledDataset Test);
