namespace MeLo.Serving.Engine;

/// <summary>A request whose pixels do not fit the task (wrong length or size, non-finite values). Never carries pixel data.</summary>
public sealed class InvalidInferenceInputException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
