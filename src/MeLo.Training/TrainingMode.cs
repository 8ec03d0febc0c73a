namespace MeLo.Training;

/// <summary>What is trained for a task.</summary>
public enum TrainingMode
{
    /// <summary>MeLo: the backbone stays frozen; the LoRA plug-in and the task head are trained.</summary>
    Lora,

    /// <summary>Full fine-tuning baseline: every backbone parameter and the task head are trained.</summary>
    Full,

    /// <summary>Linear probe: the backbone stays frozen and only the task head is trained.</summary>
    Head,
}
