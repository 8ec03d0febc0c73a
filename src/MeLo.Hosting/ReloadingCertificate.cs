using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;

namespace MeLo.Hosting;

/// <summary>
/// A certificate and key from PEM files (intermediate certificates may follow the certificate in its file and are sent
/// with it), re-read when either file's content changes. The files are read at each TLS handshake (a few KB from the page
/// cache, cheap beside the handshake) and compared with what was loaded: modification times are too coarse, and are
/// kept by copies that preserve them. A pair that does not load (e.g. the certificate replaced but not yet its key) keeps
/// the previous certificate in use and is retried at the next handshake; so do files that cannot be read for a moment.
/// </summary>
sealed partial class ReloadingCertificate(string certificateFile, string keyFile, ILogger logger)
{
    readonly Lock _lock = new();
    SslStreamCertificateContext? _current;
    (byte[] Certificate, byte[] Key) _loadedFrom = ([], []);

    public SslStreamCertificateContext Current
    {
        get
        {
            (byte[] Certificate, byte[] Key) files;
            try
            {
                files = (File.ReadAllBytes(certificateFile), File.ReadAllBytes(keyFile));
            }
            catch (IOException e) when (_current is not null)
            {
                // Briefly missing while a deployment tool swaps them: keep serving what was loaded.
                LogReloadFailed(e.GetType().Name);
                return _current;
            }
            lock (_lock)
            {
                if (_current is not null && files.Certificate.AsSpan().SequenceEqual(_loadedFrom.Certificate) && files.Key.AsSpan().SequenceEqual(_loadedFrom.Key))
                    return _current;
                try
                {
                    var (certificatePem, keyPem) = (Encoding.UTF8.GetString(files.Certificate), Encoding.UTF8.GetString(files.Key));
                    var leaf = X509Certificate2.CreateFromPem(certificatePem, keyPem);
                    var chain = new X509Certificate2Collection();
                    chain.ImportFromPem(certificatePem);
                    chain.RemoveAt(0);
                    var loaded = SslStreamCertificateContext.Create(leaf, chain, offline: true);
                    if (_current is not null)
                        LogReloaded(leaf.Subject, leaf.NotAfter);
                    // The previous certificate is not disposed: handshakes in progress may still use it.
                    (_current, _loadedFrom) = (loaded, files);
                }
                catch (Exception e) when (_current is not null && e is CryptographicException or ArgumentException)
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
