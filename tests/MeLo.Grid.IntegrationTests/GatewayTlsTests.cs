using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using MeLo.Cli;
using MeLo.Gateway.Security;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// HTTPS on the gateway from PEM files made by a test CA: trusted clients are served; plaintext clients, clients that do
/// not trust the CA, and (with mTLS) clients without a certificate from the client CA fail, each with its exact status.
/// </summary>
public sealed class GatewayTlsTests : IDisposable
{
    static readonly byte[] Png = TestImages.Png(41);

    /// <summary>What a client sees when the gateway closes the connection before HTTP/2 starts. grpc-dotnet reports it as
    /// INTERNAL or UNAVAILABLE, depending on whether the client was still writing its preface or already reading when the
    /// connection closed; the detail is the same.</summary>
    const string ConnectionClosed = "An HTTP/2 connection could not be established because the server did not complete the HTTP/2 handshake";
    readonly TestCertificateAuthority _hospital = new("hospital");
    readonly TestCertificateAuthority _stranger = new("stranger");

    public void Dispose()
    {
        _hospital.Dispose();
        _stranger.Dispose();
    }

    [Fact]
    public async Task A_client_that_trusts_the_ca_is_served_and_plaintext_or_untrusting_clients_fail()
    {
        var server = _hospital.Issue("gateway");
        await using var grid = await StartAsync(server);
        using var reference = new ReferenceModel();
        Assert.StartsWith("https://", grid.Address);

        using (var trusted = MeLoChannel.ForAddress(grid.Address, grid.Grid.AdminToken, new MeLoChannelTls(_hospital.CertificateFile)))
        {
            await new AdapterService.AdapterServiceClient(trusted).UploadAsync("alpha", reference.AddAdapter(TestTask.Alpha));
            var answer = Assert.Single((await DiagnoseAsync(trusted)).Answers);
            Expect.SameAsReference(answer, "alpha", reference.Probabilities("alpha", ReferenceModel.Preprocess(Png)));
        }

        // Plain HTTP/2 to the TLS port: the server reads the preface as a broken TLS record and closes the connection.
        using (var plaintext = MeLoChannel.ForAddress(grid.Address.Replace("https://", "http://"), grid.Grid.DiagnoseToken))
            await ExpectFailureAsync(plaintext, ConnectionClosed, StatusCode.Internal, StatusCode.Unavailable);
        // The system trust store does not know the hospital's CA, and neither does a client told to trust another CA.
        using (var system = MeLoChannel.ForAddress(grid.Address, grid.Grid.DiagnoseToken))
            await ExpectFailureAsync(system, "The remote certificate is invalid because of errors in the certificate chain", StatusCode.Internal);
        using (var wrongCa = MeLoChannel.ForAddress(grid.Address, grid.Grid.DiagnoseToken, new MeLoChannelTls(_stranger.CertificateFile)))
            await ExpectFailureAsync(wrongCa, "The remote certificate was rejected by the provided RemoteCertificateValidationCallback", StatusCode.Internal);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused_even_from_the_trusted_ca()
    {
        // Issued for another host: the client connects to 127.0.0.1, a name the certificate does not carry.
        var server = _hospital.Issue("gateway", hostName: "pacs.hospital.test");
        await using var grid = await StartAsync(server);
        using var channel = MeLoChannel.ForAddress(grid.Address, grid.Grid.DiagnoseToken, new MeLoChannelTls(_hospital.CertificateFile));

        await ExpectFailureAsync(channel, "The remote certificate was rejected by the provided RemoteCertificateValidationCallback", StatusCode.Internal);
    }

    [Fact]
    public async Task A_new_connection_after_the_files_are_replaced_sees_the_new_certificate()
    {
        var first = _hospital.Issue("gateway", fileName: "first");
        var second = _hospital.Issue("gateway-renewed", fileName: "second");
        var served = Path.Combine(Path.GetDirectoryName(first.CertificateFile)!, "served");
        Directory.CreateDirectory(served);
        var (certificate, key) = (Path.Combine(served, "tls.crt"), Path.Combine(served, "tls.key"));
        File.Copy(first.CertificateFile, certificate);
        File.Copy(first.KeyFile, key);
        await using var grid = await StartAsync(new PemPair(certificate, key, first.Thumbprint));
        var port = new Uri(grid.Address).Port;

        Assert.Equal(first.Thumbprint, await ServerCertificateAsync(port));
        // As a renewal writes them: the key first, then the certificate (a moment in which the pair does not match).
        File.Copy(second.KeyFile, key, overwrite: true);
        Assert.Equal(first.Thumbprint, await ServerCertificateAsync(port));
        File.Copy(second.CertificateFile, certificate, overwrite: true);

        Assert.Equal(second.Thumbprint, await ServerCertificateAsync(port));
        using var channel = MeLoChannel.ForAddress(grid.Address, grid.Grid.AdminToken, new MeLoChannelTls(_hospital.CertificateFile));
        Assert.NotNull(await new AdapterService.AdapterServiceClient(channel).ListAsync(new ListAdaptersRequest()));
    }

    [Fact]
    public async Task With_mtls_the_client_certificate_is_the_credential_and_clients_without_one_from_the_ca_fail()
    {
        var server = _hospital.Issue("gateway");
        using var clients = new TestCertificateAuthority("clients");
        await using var grid = await StartAsync(server, new Dictionary<string, string?>
        {
            ["MeLo:Tls:ClientCaFile"] = clients.CertificateFile,
            ["MeLo:Auth:ClientCertificates:RoleMapping:radiology-viewers"] = "diagnose",
            ["MeLo:Auth:ClientCertificates:RoleMapping:pacs-admins"] = "admin",
        });
        using var reference = new ReferenceModel();
        var viewer = TrustingHospital(clients.Issue("viewer-01", unit: "radiology-viewers"));
        var admin = TrustingHospital(clients.Issue("pacs-01", unit: "pacs-admins"));
        var unmapped = TrustingHospital(clients.Issue("printer-07", unit: "facilities"));

        // Certificates alone (no bearer token): the admin certificate may upload, the viewer's may diagnose.
        using (var channel = MeLoChannel.ForAddress(grid.Address, token: null, admin))
        {
            await new AdapterService.AdapterServiceClient(channel).UploadAsync("alpha", reference.AddAdapter(TestTask.Alpha));
            Assert.Single((await new AdminService.AdminServiceClient(channel).GetGridStatusAsync(new GetGridStatusRequest())).Silos);
        }
        using (var channel = MeLoChannel.ForAddress(grid.Address, token: null, viewer))
        {
            Assert.Equal("alpha", Assert.Single((await DiagnoseAsync(channel)).Answers).Result.Task);
            var denied = await Assert.ThrowsAsync<RpcException>(() =>
                new AdapterService.AdapterServiceClient(channel).UploadAsync("beta", reference.AddAdapter(TestTask.Beta)));
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }
        // A bearer token on an mTLS connection is the credential; the certificate only opened the connection.
        using (var channel = MeLoChannel.ForAddress(grid.Address, grid.Grid.AdminToken, viewer))
            await new AdapterService.AdapterServiceClient(channel).UploadAsync("beta", reference.AddAdapter(TestTask.Beta));
        // A certificate from the CA whose OU maps to no role: authenticated, allowed nothing.
        using (var channel = MeLoChannel.ForAddress(grid.Address, token: null, unmapped))
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => DiagnoseAsync(channel))).StatusCode);

        // No client certificate, even with a valid token; a certificate from another CA: the gateway ends the TLS 1.3
        // handshake (which the client already considers complete) before any HTTP/2 frame, so no call ever reaches it.
        using (var channel = MeLoChannel.ForAddress(grid.Address, grid.Grid.AdminToken, new MeLoChannelTls(_hospital.CertificateFile)))
            await ExpectFailureAsync(channel, ConnectionClosed, StatusCode.Internal, StatusCode.Unavailable);
        var foreign = _stranger.Issue("intruder", unit: "pacs-admins");
        using (var channel = MeLoChannel.ForAddress(grid.Address, grid.Grid.AdminToken, TrustingHospital(foreign)))
            await ExpectFailureAsync(channel, ConnectionClosed, StatusCode.Internal, StatusCode.Unavailable);
    }

    [Fact]
    public async Task Melo_diagnose_status_and_adapter_reach_an_mtls_gateway_with_ca_and_client_certificate()
    {
        using var clients = new TestCertificateAuthority("clients");
        await using var grid = await StartAsync(_hospital.Issue("gateway"), new Dictionary<string, string?> { ["MeLo:Tls:ClientCaFile"] = clients.CertificateFile });
        var admin = clients.Issue("pacs-01", unit: "admin");
        using var reference = new ReferenceModel();
        using (var channel = MeLoChannel.ForAddress(grid.Address, token: null, TrustingHospital(admin)))
            await new AdapterService.AdapterServiceClient(channel).UploadAsync("alpha", reference.AddAdapter(TestTask.Alpha));
        var image = Path.Combine(Path.GetDirectoryName(admin.CertificateFile)!, "scan.png");
        await File.WriteAllBytesAsync(image, Png);
        string[] tls = ["--address", grid.Address, "--ca", _hospital.CertificateFile];

        var diagnosed = await RunAsync(["diagnose", .. tls, "--client-cert", admin.CertificateFile, "--client-key", admin.KeyFile, "--task", "alpha", image]);
        Assert.True(diagnosed.Exit == 0, diagnosed.Error);
        Assert.Contains("\"task\": \"alpha\"", diagnosed.Output);
        var status = await RunAsync(["status", "--json", .. tls, "--client-cert", admin.CertificateFile, "--client-key", admin.KeyFile]);
        Assert.True(status.Exit == 0, status.Error);
        Assert.Contains("\"silos\"", status.Output);
        var adapter = await RunAsync(["adapter", "get", "alpha", .. tls, "--client-cert", admin.CertificateFile, "--client-key", admin.KeyFile]);
        Assert.Equal(0, adapter.Exit);
        Assert.Contains("\"version\": \"v1\"", adapter.Output);

        var withoutCertificate = await RunAsync(["diagnose", .. tls, "--task", "alpha", image]);
        Assert.Equal(1, withoutCertificate.Exit);
        Assert.StartsWith("error: ", withoutCertificate.Error);
        var withoutKey = await RunAsync(["status", .. tls, "--client-cert", admin.CertificateFile]);
        Assert.Equal((1, "error: --client-cert and --client-key go together."), (withoutKey.Exit, withoutKey.Error.Trim()));
    }

    [Theory]
    [InlineData("0.0.0.0", true, true, true)]
    [InlineData("10.1.2.3", true, true, true)]
    [InlineData("0.0.0.0", false, true, false)] // TLS without authentication
    [InlineData("0.0.0.0", true, false, false)] // authentication without TLS
    public void A_non_loopback_address_needs_tls_and_authentication_or_insecure(string address, bool tls, bool auth, bool valid)
    {
        var result = new MeLoEndpointOptionsValidator(secured: tls && auth).Validate(null, new MeLoEndpointOptions { Address = address });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
            Assert.Contains("--tls-cert", result.FailureMessage);
    }

    [Fact]
    public void Unusable_tls_files_are_refused_at_start_naming_the_file()
    {
        var pair = _hospital.Issue("gateway");
        var other = _hospital.Issue("other");
        var validator = new MeLoTlsOptionsValidator();

        Assert.True(validator.Validate(null, new MeLoTlsOptions { CertificateFile = pair.CertificateFile, KeyFile = pair.KeyFile, ClientCaFile = _stranger.CertificateFile }).Succeeded);
        Assert.Contains("--tls-key", validator.Validate(null, new MeLoTlsOptions { CertificateFile = pair.CertificateFile }).FailureMessage);
        Assert.Contains("'/nonexistent/tls.key' does not exist", validator.Validate(null, new MeLoTlsOptions { CertificateFile = pair.CertificateFile, KeyFile = "/nonexistent/tls.key" }).FailureMessage);
        // A key that belongs to another certificate.
        Assert.Contains($"Cannot use '{pair.CertificateFile}' and '{other.KeyFile}'", validator.Validate(null, new MeLoTlsOptions { CertificateFile = pair.CertificateFile, KeyFile = other.KeyFile }).FailureMessage);
        Assert.Contains("needs a server certificate", validator.Validate(null, new MeLoTlsOptions { ClientCaFile = _stranger.CertificateFile }).FailureMessage);
        Assert.Contains("holds no PEM certificate", validator.Validate(null, new MeLoTlsOptions { CertificateFile = pair.CertificateFile, KeyFile = pair.KeyFile, ClientCaFile = pair.KeyFile }).FailureMessage);
    }

    [Fact]
    public void A_client_certificate_role_mapping_to_an_unknown_role_is_refused_at_start()
    {
        var options = new AuthOptions { KeysDirectory = "keys" };
        options.ClientCertificates.RoleMapping["radiology"] = "root";

        Assert.Contains("ClientCertificates:RoleMapping 'radiology' maps to 'root'", new AuthOptionsValidator().Validate(null, options).FailureMessage);
    }

    MeLoChannelTls TrustingHospital(PemPair client) => new(_hospital.CertificateFile, client.CertificateFile, client.KeyFile);

    static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliRunner.InvokeAsync(MeLoCommandLine.Create(), args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    static Task<ServeGrid> StartAsync(PemPair server, Dictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["MeLo:Tls:CertificateFile"] = server.CertificateFile,
            ["MeLo:Tls:KeyFile"] = server.KeyFile,
        };
        foreach (var (key, value) in settings ?? [])
            configuration[key] = value;
        return ServeGrid.StartAsync(configuration: configuration);
    }

    static async Task<DiagnoseResponse> DiagnoseAsync(GrpcChannel channel) =>
        await new DiagnosisService.DiagnosisServiceClient(channel).DiagnoseAsync(new DiagnoseRequest { Items = { Items.Image("x", "alpha", Png) } });

    /// <summary>The call fails on the client before it reaches the gateway's services: grpc-dotnet reports a refused TLS
    /// handshake as INTERNAL (not retried) and a connection the server closed as UNAVAILABLE.</summary>
    static async Task ExpectFailureAsync(GrpcChannel channel, string detail, params StatusCode[] codes)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => DiagnoseAsync(channel));
        Assert.True(codes.Contains(error.StatusCode) && error.Status.Detail.Contains(detail), $"{error.StatusCode}: {error.Status.Detail}");
    }

    /// <summary>The thumbprint of the certificate the gateway presents to a new TLS connection.</summary>
    static async Task<string> ServerCertificateAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        string? thumbprint = null;
        // Accepts whatever is presented on purpose: the test reads which certificate the gateway serves, it trusts nothing.
#pragma warning disable CA5359
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            thumbprint = (certificate as X509Certificate2)?.Thumbprint;
            return true;
        });
#pragma warning restore CA5359
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", ApplicationProtocols = [SslApplicationProtocol.Http2] });
        return thumbprint ?? throw new InvalidOperationException("The gateway presented no certificate.");
    }
}
