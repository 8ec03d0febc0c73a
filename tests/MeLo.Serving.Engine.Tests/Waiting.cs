namespace MeLo.Serving.Engine.Tests;

static class Waiting
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after 10 s.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting until {what}.");
            await Task.Delay(5);
        }
    }
}
