using MeLo.Grid.Protos.V1;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

static class Expect
{
    /// <summary>The grid's answer carries the task's labels and the model core's probabilities (batched vs single forward: tiny float drift).</summary>
    public static void SameAsReference(DiagnosisAnswer answer, string task, float[] expected)
    {
        Assert.Null(answer.Error);
        var result = answer.Result;
        Assert.Equal(answer.Id, result.Id);
        Assert.Equal(task, result.Task);
        Assert.Equal(expected.Length, result.Probabilities.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - result.Probabilities[i].Probability) < 1e-4,
                $"{task} class {i}: grid {result.Probabilities[i].Probability}, model core {expected[i]}");
        Assert.NotEmpty(result.Silo);
        Assert.True(result.Timings.TotalMs >= result.Timings.QueueMs);
    }

    /// <summary>An error message quotes at most 64 characters of client input, and no exception text or server path.</summary>
    public static void QuotesLittle(string message)
    {
        Assert.True(message.Length < 400, $"message of {message.Length} characters");
        Assert.DoesNotContain("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", message); // 65 client characters
        Assert.DoesNotContain("Exception", message);
        Assert.DoesNotContain("/tmp", message);
    }

    /// <summary>The exception a failed host start really threw, out of the wrappers around it.</summary>
    public static Exception Unwrap(Exception error)
    {
        while (error is AggregateException or TypeInitializationException or System.Reflection.TargetInvocationException && error.InnerException is not null)
            error = error.InnerException!;
        return error;
    }
}
