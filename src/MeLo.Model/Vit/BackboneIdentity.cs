namespace MeLo.Model.Vit;

/// <summary>Which backbone an adapter belongs to: its config name and the fingerprint of its weights.</summary>
public sealed record BackboneIdentity(string Config, string Fingerprint)
{
    public override string ToString() => $"'{Config}' (weights {Fingerprint})";
}
