namespace MeLo.Model.Lora;

/// <summary>A linear map inside a transformer block that a LoRA plug-in can adapt. MeLo adapts Query and Value.</summary>
public enum LoraTarget
{
    /// <summary>The q rows of the fused qkv projection.</summary>
    Query,
    /// <summary>The k rows of the fused qkv projection (untouched by MeLo).</summary>
    Key,
    /// <summary>The v rows of the fused qkv projection.</summary>
    Value,
    /// <summary>The attention output projection.</summary>
    Output,
    /// <summary>The first MLP layer.</summary>
    Fc1,
    /// <summary>The second MLP layer.</summary>
    Fc2,
}
