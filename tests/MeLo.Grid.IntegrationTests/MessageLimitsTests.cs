using MeLo.Gateway;
using MeLo.Gateway.Security;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Hosting;
using MeLo.Model.Vit;
using MeLo.Serving.Grains.Uploads;
using Microsoft.Extensions.Options;

namespace MeLo.Grid.IntegrationTests;

/// <summary>Sizes and limits that must agree with each other are checked when the gateway starts, and the defaults agree.</summary>
public sealed class MessageLimitsTests
{
    static readonly int OrleansDefaultBody = new Orleans.Configuration.ClientMessagingOptions().MaxMessageBodySize;

    [Fact]
    public async Task A_gateway_whose_upload_limit_exceeds_orleans_message_body_limit_refuses_to_start_naming_both()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => InProcessGrid.StartAsync(DemoBackbone.Create(),
            silo: s => s.DemoContent = false, gateway: g => g.MaxAdapterBytes = 200L << 20));

        var refusal = Assert.IsType<OptionsValidationException>(Expect.Unwrap(error));
        Assert.Contains("MeLo:Gateway:MaxAdapterBytes (209,715,200 bytes)", refusal.Message);
        Assert.Contains($"({OrleansDefaultBody:N0} bytes, MessagingOptions.MaxMessageBodySize)", refusal.Message);
    }

    [Fact]
    public void The_default_sizes_fit_orleans_default_message_body_limit()
    {
        var gateway = new GatewayOptions();

        Assert.True(new OrleansMessageLimitsValidator(OrleansDefaultBody).Validate(null, gateway).Succeeded);
        Assert.False(new OrleansMessageLimitsValidator(OrleansDefaultBody).Validate(null, new GatewayOptions { MaxMessageBytes = OrleansDefaultBody }).Succeeded);
        // A grain call of MaxItemsPerGrainCall prepared images of the largest allowed size (3 · size² floats each).
        long size = new AdapterUploadOptions().MaxImageSize;
        Assert.True(gateway.MaxItemsPerGrainCall * 3 * size * size * sizeof(float) + OrleansMessageLimitsValidator.Headroom <= OrleansDefaultBody);
    }

    [Fact]
    public void A_rate_limit_burst_smaller_than_a_full_unary_call_is_refused()
    {
        var validator = new ClientLimitsOptionsValidator(Options.Create(new GatewayOptions { MaxItemsPerRequest = 256 }));

        var result = validator.Validate(null, new ClientLimitsOptions { ImageBurst = 100 });

        Assert.True(result.Failed);
        Assert.Contains("MeLo:Gateway:MaxItemsPerRequest (256)", result.FailureMessage);
        Assert.True(validator.Validate(null, new ClientLimitsOptions()).Succeeded);
    }
}
