using System.Text.RegularExpressions;
using MeLo.Serving.Abstractions;

namespace MeLo.Gateway;

/// <summary>
/// Checks on ids and versions clients send, before anything else sees them; error messages quote client text with
/// <see cref="ClientText.Quote"/>.
/// </summary>
public static partial class ClientInput
{
    public const int MaxQuotedLength = ClientText.MaxQuotedLength;

    /// <summary>Client text as an error message may show it.</summary>
    public static string Quote(string? text) => ClientText.Quote(text);

    /// <summary>The task id rule of the silos' adapter store (MeLo.Serving.Engine's AdapterTaskId, which the gateway does
    /// not reference): a bad id is refused here with INVALID_ARGUMENT instead of travelling to a silo.</summary>
    public static ServingFault? CheckTask(string? task, string field)
    {
        if (string.IsNullOrEmpty(task))
            return Invalid(field, "No task is named.");
        return TaskId().IsMatch(task) ? null
            : Invalid(field, $"Task id {Quote(task)} is invalid: use 1-64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.");
    }

    public static ServingFault? CheckVersion(string version, string field) => VersionLabel().IsMatch(version) ? null
        : Invalid(field, $"Adapter version {Quote(version)} is invalid: versions are v1, v2, ….");

    public static void EnsureTask(string? task, string field)
    {
        if (CheckTask(task, field) is { } fault)
            throw new ServingFaultException(fault);
    }

    public static void EnsureVersion(string version, string field)
    {
        if (CheckVersion(version, field) is { } fault)
            throw new ServingFaultException(fault);
    }

    static ServingFault Invalid(string field, string message) => new() { Kind = FaultKind.InvalidArgument, Message = message, Field = field };

    // \z, not $: '$' also matches before a final newline, which would let "task\n" through.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z")]
    private static partial Regex TaskId();

    [GeneratedRegex(@"^v[1-9][0-9]{0,8}\z")]
    private static partial Regex VersionLabel();
}
