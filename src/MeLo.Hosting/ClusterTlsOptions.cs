namespace MeLo.Hosting;

/// <summary>
/// TLS between silos and from gateways to silos (Microsoft.Orleans.Connections.Security), section <c>MeLo:Cluster:Tls</c>.
/// Every member presents its certificate and accepts only peers whose certificate the cluster CA issued; host names are
/// not checked (silos advertise IP addresses). Off while <see cref="CertificateFile"/> is unset. Read at start.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>This member's certificate (PEM); usable for both TLS server and client authentication.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>Its private key (PEM).</summary>
    public string? KeyFile { get; set; }

    /// <summary>The cluster CA (PEM): peers must present a certificate it issued. Required with a certificate.</summary>
    public string? CaFile { get; set; }

    public bool Enabled => CertificateFile is not null;
}
