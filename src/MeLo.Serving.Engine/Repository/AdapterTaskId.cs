using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace MeLo.Serving.Engine.Repository;

/// <summary>
/// The rule for task ids everywhere in serving: 1–64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or
/// digit. Ids become directory names, so the rule is what keeps "../x" and friends out of the file system.
/// </summary>
public static partial class AdapterTaskId
{
    public const string Pattern = @"^[a-z0-9][a-z0-9._-]{0,63}\z";

    public static bool IsValid([NotNullWhen(true)] string? taskId) => taskId is not null && ValidId().IsMatch(taskId);

    /// <summary>A one-line explanation of why <paramref name="taskId"/> is refused (the id is quoted, shortened).</summary>
    public static string Explain(string? taskId)
    {
        var shown = taskId is null ? "(null)" : taskId.Length > 40 ? $"'{taskId[..40]}…'" : $"'{taskId}'";
        return $"Task id {shown} is invalid: use 1-64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.";
    }

    public static void EnsureValid(string? taskId, [CallerArgumentExpression(nameof(taskId))] string? parameterName = null)
    {
        if (!IsValid(taskId))
            throw new ArgumentException(Explain(taskId), parameterName);
    }

    [GeneratedRegex(Pattern)]
    private static partial Regex ValidId();
}
