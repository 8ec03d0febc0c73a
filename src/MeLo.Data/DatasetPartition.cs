namespace MeLo.Data;

/// <summary>Which split an item belongs to.</summary>
public enum DatasetPartition
{
    Train,
    Validation,
    Test,
}
