namespace MeLo.Model.Checkpoints;

/// <summary>
/// The parameter naming of a pretrained checkpoint: timm (<c>blocks.N.attn.qkv</c>), torchvision
/// (<c>encoder.layers.encoder_layer_N.self_attention.in_proj_weight</c>) or Hugging Face (<c>vit.encoder.layer.N.attention.attention.query</c>,
/// separate q/k/v). <see cref="CheckpointKeyMapper"/> maps the last two onto timm's names; the README's "Checkpoints" section lists them.
/// </summary>
public enum CheckpointNaming
{
    Timm,
    Torchvision,
    HuggingFace,
}
