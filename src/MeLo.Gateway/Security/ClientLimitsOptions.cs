namespace MeLo.Gateway.Security;

/// <summary>
/// What one principal (a melo API token, a JWT subject, or everyone together when authentication is off) and one
/// connection may use of the gateway; bind from configuration section <see cref="SectionName"/>. Beyond a limit the call
/// or item gets RESOURCE_EXHAUSTED.
/// </summary>
public sealed class ClientLimitsOptions
{
    public const string SectionName = "MeLo:Limits";

    /// <summary>Images (items of Diagnose, DiagnoseStream and ModelInfer) a principal may send per second, sustained: the
    /// refill rate of its token bucket, added once a second.</summary>
    public int ImagesPerSecond { get; set; } = 2000;

    /// <summary>Images a principal may send at once: the size of its token bucket. A unary call takes one token per item,
    /// so it must hold at least MeLo:Gateway:MaxItemsPerRequest.</summary>
    public int ImageBurst { get; set; } = 4000;

    /// <summary>Streaming calls (DiagnoseStream, Upload) open at once on one HTTP/2 connection.</summary>
    public int MaxStreamsPerConnection { get; set; } = 16;

    /// <summary>Streaming calls open at once by one principal, over all its connections.</summary>
    public int MaxStreamsPerPrincipal { get; set; } = 64;
}
