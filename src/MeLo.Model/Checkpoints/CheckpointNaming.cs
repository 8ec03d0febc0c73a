namespace MeLo.Model.Checkpoints;

/// <summary>The parameter naming of a pretrained checkpoint. See ../shared/NOTES.md "Weight naming".</summary>
public enum CheckpointNaming
{
    Timm,
    Torchvision,
    HuggingFace,
}
