using MeLo.Gateway.Security;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;
using MeLo.Model.Vit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// The multi-process layout with its connections secured: Debian's redis-server with a password and TLS only, silos and
/// a gateway speaking mutual TLS with certificates from a cluster CA made in the test. Fails, never skips, without
/// redis-server.
/// </summary>
public sealed class ClusterTlsTests : IDisposable
{
    const string Password = "s3cret-redis-password";
    readonly TestCertificateAuthority _ca = new("cluster");
    readonly TempDirectory _data = new("melo-cluster-tls-");
    readonly List<IHost> _hosts = [];
    readonly CapturedLogs _siloLogs = new();

    public void Dispose()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            host.StopAsync().GetAwaiter().GetResult();
            host.Dispose();
        }
        _ca.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task A_tls_cluster_over_a_password_protected_tls_redis_serves_and_a_gateway_without_the_cluster_certificate_cannot_join()
    {
        var ports = FreePorts.Take(5);
        var redisCertificate = _ca.Issue("redis");
        // TLS only (no plain port), a password, and client certificates checked when presented.
        using var redis = ServerProcess.Redis(0, "--port", "0", "--tls-port", $"{ports[0]}", "--tls-cert-file", redisCertificate.CertificateFile,
            "--tls-key-file", redisCertificate.KeyFile, "--tls-ca-cert-file", _ca.CertificateFile, "--tls-auth-clients", "optional", "--requirepass", Password);
        var cluster = Cluster($"127.0.0.1:{ports[0]},password={Password},ssl=true");
        cluster[$"{MeLoClusterOptions.SectionName}:RedisCaFile"] = _ca.CertificateFile;
        // Adapters persist in the same Redis, through the same password and TLS.
        cluster[$"{MeLoSiloOptions.SectionName}:AdapterStore"] = nameof(AdapterStoreKind.GrainStorage);
        var silo = _ca.Issue("silo");
        _hosts.Add(await StartSiloAsync(With(cluster, silo), ports[1], ports[2]));
        var gatewayCertificate = _ca.Issue("gateway");
        _hosts.Add(await ClusterHosts.StartGatewayAsync(With(cluster, gatewayCertificate), ports[3]));

        var token = File.ReadAllText(ApiTokenStore.DefaultTokenPath(_data.Combine("keys"), MeLoRoles.Admin)).Trim();
        using var channel = MeLoChannel.ForAddress($"http://127.0.0.1:{ports[3]}", token);
        using var reference = new ReferenceModel();
        await new AdapterService.AdapterServiceClient(channel).UploadAsync("alpha", reference.AddAdapter(TestTask.Alpha));
        var png = TestImages.Png(5);
        var answer = Assert.Single((await new DiagnosisService.DiagnosisServiceClient(channel).DiagnoseAsync(
            new DiagnoseRequest { Items = { Items.Image("x", "alpha", png) } })).Answers);
        Expect.SameAsReference(answer, "alpha", reference.Probabilities("alpha", ReferenceModel.Preprocess(png)));

        // Knows the Redis password, but has no cluster certificate: the silo ends each of its connections in the TLS
        // handshake, and the Orleans client keeps retrying without ever joining.
        await Assert.ThrowsAsync<TimeoutException>(() => ClusterHosts.StartGatewayAsync(cluster, ports[4], TimeSpan.FromSeconds(15)));
        Assert.Contains(_siloLogs.Records, r => r.StartsWith("Orleans.Connections.Security.TlsServerConnectionMiddleware | Authentication failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silo_without_the_redis_password_fails_to_start_saying_so()
    {
        var ports = FreePorts.Take(3);
        using var redis = ServerProcess.Redis(ports[0], "--requirepass", Password);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => StartSiloAsync(Cluster($"127.0.0.1:{ports[0]}"), ports[1], ports[2]));
        Assert.Contains("There was an authentication failure; check that passwords (or client certificates) are configured correctly", error.Message);
    }

    Dictionary<string, string?> Cluster(string redis) => new()
    {
        [$"{MeLoClusterOptions.SectionName}:Clustering"] = "Redis",
        [$"{MeLoClusterOptions.SectionName}:RedisConnectionString"] = redis,
        [$"{MeLoClusterOptions.SectionName}:ClusterId"] = $"tls-{Guid.NewGuid():N}",
        [$"{MeLoSiloOptions.SectionName}:DataDirectory"] = _data.Path,
    };

    Dictionary<string, string?> With(Dictionary<string, string?> cluster, PemPair member) => new(cluster)
    {
        [$"{MeLoClusterOptions.SectionName}:Tls:CertificateFile"] = member.CertificateFile,
        [$"{MeLoClusterOptions.SectionName}:Tls:KeyFile"] = member.KeyFile,
        [$"{MeLoClusterOptions.SectionName}:Tls:CaFile"] = _ca.CertificateFile,
    };

    Task<IHost> StartSiloAsync(Dictionary<string, string?> settings, int siloPort, int gatewayPort) =>
        ClusterHosts.StartSiloAsync(settings, siloPort, gatewayPort, DemoBackbone.Create(),
            logging => logging.AddFilter("Orleans.Connections.Security", LogLevel.Debug).AddProvider(_siloLogs));
}
