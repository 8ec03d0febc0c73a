using Grpc.Net.Client;
using MeLo.Grid.Protos.V1;
using MeLo.Gateway.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>
/// A grid with small client limits and quotas, so that tests can reach them: 1 image per second in bursts of 10 per
/// principal, 2 streams per connection and 3 per principal, 2 versions and 100 000 bytes per task. Task alpha is uploaded.
/// </summary>
public sealed class LimitsGridFixture : IAsyncLifetime
{
    public const int Burst = 10;
    public const int StreamsPerConnection = 2;
    public const int StreamsPerPrincipal = 3;
    public const int VersionsPerTask = 2;
    public const long BytesPerTask = 100_000;

    internal ServeGrid Grid { get; private set; } = null!;
    internal ReferenceModel Reference { get; } = new();

    public async Task InitializeAsync()
    {
        Grid = await ServeGrid.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["MeLo:Limits:ImagesPerSecond"] = "1",
            ["MeLo:Limits:ImageBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MeLo:Gateway:MaxItemsPerRequest"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MeLo:Limits:MaxStreamsPerConnection"] = StreamsPerConnection.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MeLo:Limits:MaxStreamsPerPrincipal"] = StreamsPerPrincipal.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MeLo:Uploads:MaxVersionsPerTask"] = VersionsPerTask.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MeLo:Uploads:MaxBytesPerTask"] = BytesPerTask.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await Grid.UploadAsync("alpha", Reference.AddAdapter(TestTask.Alpha));
    }

    /// <summary>A new admin token: a principal of its own, with a full bucket and no streams open.</summary>
    internal string NewPrincipal() =>
        new ApiTokenStore(Grid.Services.GetRequiredService<IOptions<AuthOptions>>().Value.KeysDirectory).Create(MeLoRoles.Admin);

    /// <summary>A channel of its own (its own HTTP/2 connection) whose calls carry <paramref name="token"/>.</summary>
    internal GrpcChannel Connect(string token) => MeLoChannel.ForAddress(Grid.Address, token);

    public async Task DisposeAsync()
    {
        await Grid.DisposeAsync();
        Reference.Dispose();
    }
}
