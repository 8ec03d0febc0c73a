using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace MeLo.Hosting;

/// <summary>
/// A certificate and key from PEM files (intermediate certificates may follow the certificate in its file and are sent
/// with it), re-read when either file's modification time changes (checked at each TLS
/// handshake: two stats, cheap beside the handshake). A pair that does not load (e.g. the certificate replaced but not
/// yet its key) keeps the previous certificate in use and is retried at the next handshake.
/// </summary>
sealed partial class ReloadingCertificate(string certificateFile, string keyFile, ILogger logger)
{
    readonly Lock _lock = new();
    SslStreamCertificateContext? _current;
    (DateTime Certificate, DateTime Key) _loadedVersion;

    public SslStreamCertificateContext Current
    {
        get
        {
            var version = (File.GetLastWriteTimeUtc(certificateFile), File.GetLastWriteTimeUtc(keyFile));
            lock (_lock)
            {
                if (_current is not null && version == _loadedVersion)
                    return _current;
                try
                {
                    var leaf = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
                    var chain = new X509Certificate2Collection();
                    chain.ImportFromPemFile(certificateFile);
                    chain.RemoveAt(0);
                    var loaded = SslStreamCertificateContext.Create(leaf, chain, offline: true);
                    if (_current is not null)
                        LogReloaded(leaf.Subject, leaf.NotAfter);
                    // The previous certificate is not disposed: handshakes in progress may still use it.
                    (_current, _loadedVersion) = (loaded, version);
                }
                catch (Exception e) when (_current is not null && e is CryptographicException or ArgumentException or IOException)
                {
                    LogReloadFailed(e.GetType().Name);
                }
                return _current!;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS certificate files changed: now serving {Subject}, valid until {NotAfter:O}")]
    partial void LogReloaded(string subject, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS certificate files changed but do not load ({Error}); still serving the previous certificate")]
    partial void LogReloadFailed(string error);
}
