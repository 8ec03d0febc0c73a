namespace MeLo.Model.Vit;

/// <summary>
/// How the position-embedding grid is resized when the input size differs from the pretraining size
/// (the paper runs NIH and INbreast at 384 px on 224-px backbones). Both are bicubic; they differ in corner alignment.
/// </summary>
public enum PositionEmbeddingResample
{
    /// <summary>timm's <c>resample_abs_pos_embed</c> (bicubic, align_corners=False), as the MeLo reference code gets it.</summary>
    Timm,

    /// <summary>torchvision's <c>interpolate_embeddings</c> (bicubic, align_corners=True).</summary>
    Torchvision,
}
