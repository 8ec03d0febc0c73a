namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>A certificate and its private key as PEM files, issued by a <see cref="TestCertificateAuthority"/>.</summary>
sealed record PemPair(string CertificateFile, string KeyFile, string Thumbprint);
