using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using MeLo.Gateway.Security;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// Authentication on by default: melo API tokens and the hospital's JWTs, roles diagnose and admin, health open,
/// reflection off. Every bypass attempt gets exactly UNAUTHENTICATED or PERMISSION_DENIED.
/// </summary>
public sealed class AuthTests(AuthGridFixture fixture) : IClassFixture<AuthGridFixture>
{
    static readonly byte[] Png = TestImages.Png(3);
    static readonly Lazy<byte[]> Adapter = new(() =>
    {
        using var backbone = MeLo.Model.Vit.DemoBackbone.Create();
        return (TestTask.Beta with { Id = "uploaded" }).AdapterFile(backbone);
    });

    /// <summary>Credentials by name: the header value sent (null: none).</summary>
    static string? Credential(string name, AuthGridFixture fixture) => name switch
    {
        "none" => null,
        "basic" => "Basic YWRtaW46YWRtaW4=",
        "bearer without token" => "Bearer ",
        "unknown melo token" => "Bearer melo_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        "not a jwt" => "Bearer abc.def.ghi",
        "diagnose token" => $"Bearer {fixture.Grid.Grid.DiagnoseToken}",
        "admin token" => $"Bearer {fixture.Grid.Grid.AdminToken}",
        "jwt radiologist" => $"Bearer {AuthGridFixture.Jwt("radiologist")}",
        "jwt pacs-admin" => $"Bearer {AuthGridFixture.Jwt("pacs-admin")}",
        "jwt unmapped group" => $"Bearer {AuthGridFixture.Jwt("nurse")}",
        "jwt expired" => $"Bearer {AuthGridFixture.Jwt("pacs-admin", expiresIn: TimeSpan.FromMinutes(-5))}",
        "jwt wrong audience" => $"Bearer {AuthGridFixture.Jwt("pacs-admin", audience: "another-app")}",
        "jwt wrong issuer" => $"Bearer {AuthGridFixture.Jwt("pacs-admin", issuer: "https://evil.test")}",
        "jwt wrong key" => $"Bearer {AuthGridFixture.Jwt("pacs-admin", key: RandomNumberGenerator.GetBytes(32))}",
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static TheoryData<string, string, StatusCode> Cases()
    {
        var data = new TheoryData<string, string, StatusCode>();
        foreach (var bad in new[] { "none", "basic", "bearer without token", "unknown melo token", "not a jwt", "jwt expired", "jwt wrong audience", "jwt wrong issuer", "jwt wrong key" })
            foreach (var call in new[] { "diagnose", "stream", "list", "upload", "delete" })
                data.Add(bad, call, StatusCode.Unauthenticated);
        foreach (var reader in new[] { "diagnose token", "jwt radiologist" })
        {
            data.Add(reader, "diagnose", StatusCode.OK);
            data.Add(reader, "stream", StatusCode.OK);
            data.Add(reader, "list", StatusCode.OK);
            data.Add(reader, "get", StatusCode.OK);
            data.Add(reader, "upload", StatusCode.PermissionDenied);
            data.Add(reader, "delete", StatusCode.PermissionDenied);
            data.Add(reader, "activate", StatusCode.PermissionDenied);
        }
        foreach (var admin in new[] { "admin token", "jwt pacs-admin" })
        {
            data.Add(admin, "diagnose", StatusCode.OK);
            data.Add(admin, "upload", StatusCode.OK);
            data.Add(admin, "delete", StatusCode.NotFound); // allowed; the task does not exist
            data.Add(admin, "activate", StatusCode.NotFound);
        }
        data.Add("jwt unmapped group", "diagnose", StatusCode.PermissionDenied);
        data.Add("jwt unmapped group", "list", StatusCode.PermissionDenied);
        foreach (var any in new[] { "none", "unknown melo token", "jwt expired" })
            data.Add(any, "health", StatusCode.OK);
        data.Add("none", "reflection", StatusCode.Unauthenticated);
        data.Add("admin token", "reflection", StatusCode.Unimplemented);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_credential_gets_exactly_its_status(string credential, string call, StatusCode expected)
    {
        var header = Credential(credential, fixture);
        using var channel = GrpcChannel.ForAddress(fixture.Grid.Address);
        var metadata = new Metadata();
        if (header is not null)
            metadata.Add("authorization", header);

        var status = await StatusOfAsync(channel, call, metadata);

        Assert.Equal(expected, status);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_token_created_while_the_server_runs_works_at_once_and_only_its_hash_is_stored()
    {
        var auth = fixture.Grid.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var token = new ApiTokenStore(auth.KeysDirectory).Create(MeLoRoles.Diagnose);

        using var channel = MeLoChannel.ForAddress(fixture.Grid.Address, token);
        await new AdapterService.AdapterServiceClient(channel).ListAsync(new ListAdaptersRequest());

        var stored = await File.ReadAllTextAsync(Path.Combine(auth.KeysDirectory, "tokens.json"));
        Assert.DoesNotContain(token, stored);
        Assert.DoesNotContain(fixture.Grid.Grid.AdminToken!, stored);
        foreach (var file in new[] { "tokens.json", "diagnose.token", "admin.token" })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(auth.KeysDirectory, file)));
    }

    [Fact]
    public async Task Melo_token_create_issues_a_token_of_the_role_it_is_asked_for()
    {
        var keys = fixture.Grid.Services.GetRequiredService<IOptions<AuthOptions>>().Value.KeysDirectory;
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = await CliRunner.InvokeAsync(MeLo.Cli.MeLoCommandLine.Create(), ["token", "create", "--role", "diagnose", "--keys", keys], output, error);
        int refused = await CliRunner.InvokeAsync(MeLo.Cli.MeLoCommandLine.Create(), ["token", "create", "--role", "root", "--keys", keys], TextWriter.Null, error);

        Assert.Equal(0, exit);
        Assert.NotEqual(0, refused);
        var token = output.ToString().Trim();
        Assert.StartsWith(ApiTokenStore.Prefix, token);
        using var channel = MeLoChannel.ForAddress(fixture.Grid.Address, token);
        await new AdapterService.AdapterServiceClient(channel).ListAsync(new ListAdaptersRequest());
        var denied = await Assert.ThrowsAsync<RpcException>(() =>
            new AdapterService.AdapterServiceClient(channel).DeleteAsync(new DeleteAdapterRequest { Task = "alpha" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    [Fact]
    public async Task Every_adapter_change_is_audited_with_its_principal_and_shown_by_melo_adapter_history()
    {
        var auth = fixture.Grid.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var file = (TestTask.Alpha with { Id = "audited" }).AdapterFile(fixture.Reference.Backbone);
        var adapters = fixture.Grid.Adapters;

        var uploaded = await fixture.Grid.UploadAsync("audited", file);
        await adapters.SetActiveVersionAsync(new SetActiveVersionRequest { Task = "audited", Version = uploaded.Version });
        await adapters.DeleteAsync(new DeleteAdapterRequest { Task = "audited" });

        var entries = AdapterAuditLog.Read(auth.AuditLog, "audited").ToList();
        Assert.Equal(["upload", "activate", "delete"], entries.Select(e => e.Action));
        Assert.Equal([uploaded.Version, uploaded.Version, null], entries.Select(e => e.Version));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), entries[0].Sha256);
        Assert.All(entries, e => Assert.StartsWith("token:", e.Principal));
        Assert.DoesNotContain(fixture.Grid.Grid.AdminToken!, await File.ReadAllTextAsync(auth.AuditLog));
        using var output = new StringWriter();
        Assert.Equal(0, await CliRunner.InvokeAsync(MeLo.Cli.MeLoCommandLine.Create(), ["adapter", "history", "audited", "--audit-log", auth.AuditLog], output, TextWriter.Null));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"action\":\"upload\"", lines[0]);
    }

    [Fact]
    public async Task Without_authentication_calls_need_no_token()
    {
        await using var grid = await ServeGrid.StartAsync(configuration: new Dictionary<string, string?> { ["MeLo:Auth:Enabled"] = "false" });
        Assert.Null(grid.Grid.AdminToken);
        using var channel = GrpcChannel.ForAddress(grid.Address);

        var listed = await new AdapterService.AdapterServiceClient(channel).ListAsync(new ListAdaptersRequest());

        Assert.Empty(listed.Adapters);
    }

    [Theory]
    [InlineData("0.0.0.0", false, false)]
    [InlineData("10.1.2.3", false, false)]
    [InlineData("0.0.0.0", true, true)]
    [InlineData("127.0.0.1", false, true)]
    [InlineData("::1", false, true)]
    [InlineData("localhost", false, true)]
    public void A_non_loopback_address_without_tls_needs_insecure(string address, bool insecure, bool valid)
    {
        var result = new MeLoEndpointOptionsValidator().Validate(null, new MeLoEndpointOptions { Address = address, Insecure = insecure });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
            Assert.Contains("--insecure", result.FailureMessage);
    }

    static async Task<StatusCode> StatusOfAsync(GrpcChannel channel, string call, Metadata metadata)
    {
        var diagnosis = new DiagnosisService.DiagnosisServiceClient(channel);
        var adapters = new AdapterService.AdapterServiceClient(channel);
        try
        {
            switch (call)
            {
                case "diagnose":
                    await diagnosis.DiagnoseAsync(new DiagnoseRequest { Items = { Items.Image("x", "alpha", Png) } }, metadata);
                    break;
                case "stream":
                    using (var stream = diagnosis.DiagnoseStream(metadata))
                    {
                        await WriteIgnoringAnEndedCallAsync(stream.RequestStream, [Items.Image("x", "alpha", Png)]);
                        await foreach (var answer in stream.ResponseStream.ReadAllAsync())
                            Assert.Null(answer.Error);
                    }
                    break;
                case "list":
                    await adapters.ListAsync(new ListAdaptersRequest(), metadata);
                    break;
                case "get":
                    await adapters.GetAsync(new GetAdapterRequest { Task = "alpha" }, metadata);
                    break;
                case "upload":
                    using (var upload = adapters.Upload(metadata))
                    {
                        await WriteIgnoringAnEndedCallAsync(upload.RequestStream, [
                            new UploadAdapterChunk { Header = new UploadHeader { Task = "uploaded", Activate = true } },
                            new UploadAdapterChunk { Chunk = Google.Protobuf.ByteString.CopyFrom(Adapter.Value) }]);
                        await upload.ResponseAsync;
                    }
                    break;
                case "delete":
                    await adapters.DeleteAsync(new DeleteAdapterRequest { Task = "no-such-task" }, metadata);
                    break;
                case "activate":
                    await adapters.SetActiveVersionAsync(new SetActiveVersionRequest { Task = "no-such-task", Version = "v1" }, metadata);
                    break;
                case "health":
                    var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), metadata);
                    Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
                    break;
                case "reflection":
                    using (var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(metadata))
                    {
                        await WriteIgnoringAnEndedCallAsync(reflection.RequestStream, [new ServerReflectionRequest { ListServices = "" }]);
                        await reflection.ResponseStream.ReadAllAsync().ToListAsync();
                    }
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(call));
            }
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    /// <summary>A refused call may end before the client has written everything; its status is then read from the response.</summary>
    static async Task WriteIgnoringAnEndedCallAsync<T>(IClientStreamWriter<T> requests, IEnumerable<T> messages)
    {
        try
        {
            foreach (var message in messages)
                await requests.WriteAsync(message);
            await requests.CompleteAsync();
        }
        catch (RpcException)
        {
        }
    }
}
