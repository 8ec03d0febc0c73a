namespace MeLo.Model.Vit;

/// <summary>The MLP non-linearity. OpenAI CLIP towers use QuickGELU; timm/torchvision ViTs and LAION CLIP use exact GELU.</summary>
public enum VitActivation
{
    Gelu,
    QuickGelu,
}
