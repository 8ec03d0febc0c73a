namespace MeLo.Training;

/// <summary>
/// Cosine annealing per epoch, as PyTorch's <c>CosineAnnealingLR(T_max=epochs, eta_min=min)</c> stepped once per epoch:
/// epoch 0 runs at the base rate and the rate falls towards the minimum along half a cosine.
/// </summary>
public static class CosineSchedule
{
    public static double LearningRate(int epoch, int epochs, double baseRate, double minRate) =>
        minRate + ((baseRate - minRate) * 0.5 * (1 + Math.Cos(Math.PI * epoch / epochs)));
}
