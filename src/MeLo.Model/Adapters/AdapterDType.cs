namespace MeLo.Model.Adapters;

/// <summary>Storage precision of an adapter file. Adapters are always computed in the backbone's precision.</summary>
public enum AdapterDType
{
    F32,
    F16,
}
