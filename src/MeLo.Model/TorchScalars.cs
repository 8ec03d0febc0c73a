using TorchSharp;

namespace MeLo.Model;

/// <summary>
/// Scalars that live as long as the process. TorchSharp turns every number passed to an operator (including the
/// implicit alpha of 1 in <c>x + y</c>) into a new <see cref="Scalar"/> whose finalizer frees the native value, and it
/// does not keep that object alive during the native call. A garbage collection in that window frees the value while
/// libtorch reads it: a long <c>melo bench train</c> failed with "Expected false to be true … toFloat" inside
/// <c>add</c>. Rooted scalars are never finalized; one-off values are held with <c>using</c> until the call returns.
/// </summary>
internal static class TorchScalars
{
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>QuickGELU's sigmoid slope (CLIP).</summary>
    public static readonly Scalar QuickGeluSlope = 1.702.ToScalar();
}
