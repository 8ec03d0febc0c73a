namespace MeLo.Gateway.Security;

/// <summary>One adapter change, as a line of <c>&lt;data&gt;/audit.log</c> (JSON lines).</summary>
/// <param name="Principal">Who: <c>token:&lt;hash prefix&gt;</c> for melo API tokens, the JWT's <c>sub</c>, or <c>anonymous</c> without authentication.</param>
/// <param name="Action">upload, delete or activate.</param>
/// <param name="Version">The version changed; null when a whole task was deleted.</param>
/// <param name="Sha256">SHA-256 of the uploaded file (uploads only).</param>
public sealed record AdapterAuditEntry(string Principal, DateTimeOffset Time, string Action, string Task, string? Version, string? Sha256);
