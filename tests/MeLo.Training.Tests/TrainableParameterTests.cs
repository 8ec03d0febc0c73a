using MeLo.Model;
using MeLo.Model.Lora;
using MeLo.Model.Vit;

namespace MeLo.Training.Tests;

public sealed class TrainableParameterTests
{
    static readonly VitConfig Demo = DemoBackbone.Config;

    [Theory]
    [InlineData(TrainingMode.Lora, 2)]
    [InlineData(TrainingMode.Head, 2)]
    [InlineData(TrainingMode.Full, 2)]
    [InlineData(TrainingMode.Lora, 14)]
    public void Trainable_and_total_counts_match_the_parameter_accounting(TrainingMode mode, int classes)
    {
        var lora = LoraSettings.MeLoDefault;
        long backboneCount = ParameterAccounting.Backbone(Demo);
        long expectedTrainable = mode switch
        {
            TrainingMode.Lora => ParameterAccounting.Trainable(Demo, lora, classes),
            TrainingMode.Head => ParameterAccounting.Head(Demo, classes),
            _ => backboneCount + ParameterAccounting.Head(Demo, classes),
        };
        long expectedTotal = backboneCount + (mode == TrainingMode.Lora ? ParameterAccounting.Trainable(Demo, lora, classes) : ParameterAccounting.Head(Demo, classes));

        using var backbone = DemoBackbone.Create();
        using var model = TaskModel.ForTraining(backbone, mode, lora, classes, seed: 1);

        Assert.Equal(expectedTrainable, model.TrainableParameterCount);
        Assert.Equal(expectedTotal, model.TotalParameterCount);
        Assert.Equal(model.TrainableParameterCount, model.TrainableParameters.Sum(p => p.numel()));
        Assert.All(model.TrainableParameters, p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void The_demo_backbone_counts_are_the_exact_numbers()
    {
        // depth 4 x targets q,v x r=4 x (96 + 96) = 6,144 LoRA parameters; a 2-class head is 96*2 + 2 = 194.
        Assert.Equal(6_144 + 194, ParameterAccounting.Trainable(Demo, LoraSettings.MeLoDefault, 2));
        Assert.Equal(324_192, ParameterAccounting.Backbone(Demo));
    }

    [Fact]
    public void Full_fine_tuning_leaves_a_checkpoints_own_classifier_frozen()
    {
        var withHead = Demo with { NumClasses = 10 };
        using var backbone = new VisionTransformer(withHead);
        using var model = TaskModel.ForTraining(backbone, TrainingMode.Full, LoraSettings.MeLoDefault, 3, seed: 1);

        Assert.Equal(ParameterAccounting.Backbone(Demo) + ParameterAccounting.Head(Demo, 3), model.TrainableParameterCount);
        Assert.All(backbone.named_parameters().Where(p => p.name.StartsWith("head.", StringComparison.Ordinal)), p => Assert.False(p.parameter.requires_grad));
    }
}
