using MeLo.Model.Lora;
using MeLo.Model.Vit;

namespace MeLo.Model.Tests;

public class ParameterAccountingTests
{
    [Fact]
    public void ViT_base_16_matches_the_paper()
    {
        var config = VitConfig.Named["vit_base_patch16_224"];
        Assert.Equal(147_456, ParameterAccounting.Lora(config, LoraSettings.MeLoDefault));
        Assert.Equal(1_538, ParameterAccounting.Head(config, 2));
        Assert.Equal(148_994, ParameterAccounting.Trainable(config, LoraSettings.MeLoDefault, 2));
        Assert.Equal("0.142", ParameterAccounting.InPaperMillions(148_994).ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ViT_gigantic_LoRA_matches_the_paper() =>
        Assert.Equal(1_277_952, ParameterAccounting.Lora(VitConfig.Named["vit_gigantic_patch14_clip_224"], LoraSettings.MeLoDefault));

    [Theory]
    [InlineData(false, 5)]
    [InlineData(true, 0)]
    public void Backbone_count_equals_the_module(bool clipStyle, int classes)
    {
        var config = TestModels.Tiny(classes) with { PreNorm = clipStyle, PatchBias = !clipStyle };
        using var model = new VisionTransformer(config);
        Assert.Equal(model.parameters().Sum(p => p.numel()), ParameterAccounting.Backbone(config));
    }

    [Fact]
    public void Every_target_counts_in_and_out()
    {
        var config = TestModels.Tiny();
        var all = new LoraSettings { Rank = 2, Targets = Enum.GetValues<LoraTarget>() };
        using var adapter = new LoraAdapter(config, all, 3);
        Assert.Equal(adapter.parameters().Sum(p => p.numel()), ParameterAccounting.Trainable(config, all, 3));
    }
}
