namespace MeLo.Training.Tests;

/// <summary>Collects the trainer's messages.</summary>
sealed class MessageLog(List<string> messages) : ITrainingProgress
{
    public void Message(string text) => messages.Add(text);
}
