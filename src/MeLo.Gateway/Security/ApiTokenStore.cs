using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MeLo.Gateway.Security;

/// <summary>
/// API tokens issued by melo (<c>melo token create</c>), stored only as SHA-256 hashes in <c>tokens.json</c> (mode 0600)
/// under the keys directory. Tokens are 256 random bits, so a plain hash is as good as a slow one. The file is re-read
/// when it changes, so tokens created while the server runs work at once. Thread-safe.
/// </summary>
public sealed partial class ApiTokenStore
{
    /// <summary>Every melo token starts with this, which tells it apart from a JWT.</summary>
    public const string Prefix = "melo_";

    const string FileName = "tokens.json";
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    readonly string _directory;
    readonly Lock _lock = new();
    Dictionary<string, string> _roleByHash = [];
    DateTime _loadedWriteTime = DateTime.MinValue;

    public ApiTokenStore(string keysDirectory)
    {
        _directory = Path.GetFullPath(keysDirectory);
    }

    public string KeysDirectory => _directory;

    string StorePath => Path.Combine(_directory, FileName);

    /// <summary>Where the token of <paramref name="role"/> written at first start lives.</summary>
    public static string DefaultTokenPath(string keysDirectory, string role) => Path.Combine(keysDirectory, $"{role}.token");

    /// <summary>Issues a token for <paramref name="role"/>; the token itself is returned once and never stored.</summary>
    public string Create(string role)
    {
        if (!MeLoRoles.All.Contains(role))
            throw new ArgumentException($"Unknown role '{role}'; roles are {string.Join(", ", MeLoRoles.All)}.", nameof(role));
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        lock (_lock)
        {
            var file = Read();
            file.Tokens.Add(new StoredToken { Role = role, Sha256 = Hash(token), Created = DateTimeOffset.UtcNow });
            EnsureDirectory();
            var temporary = StorePath + ".tmp";
            WriteOwnerOnly(temporary, JsonSerializer.Serialize(file, StoreJson.Default.TokenFile));
            File.Move(temporary, StorePath, overwrite: true);
            _loadedWriteTime = DateTime.MinValue;
        }
        return token;
    }

    /// <summary>The role of a valid token, and the principal name audits show for it (a prefix of its hash), or null.</summary>
    public (string Role, string Principal)? Find(string token) =>
        RoleOf(token) is { } role ? (role, $"token:{Hash(token)[..12]}") : null;

    /// <summary>The role of a valid token, or null.</summary>
    public string? RoleOf(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 128)
            return null;
        var hash = Hash(token);
        lock (_lock)
        {
            var written = File.Exists(StorePath) ? File.GetLastWriteTimeUtc(StorePath) : DateTime.MinValue;
            if (written != _loadedWriteTime)
            {
                _roleByHash = Read().Tokens.ToDictionary(t => t.Sha256, t => t.Role);
                _loadedWriteTime = written;
            }
            return _roleByHash.GetValueOrDefault(hash);
        }
    }

    /// <summary>
    /// On first start: issues one diagnose and one admin token and writes them to <c>diagnose.token</c> and
    /// <c>admin.token</c> (mode 0600) for local clients. Returns the paths of the files it wrote (none when both exist).
    /// </summary>
    public IReadOnlyList<string> EnsureDefaultTokens()
    {
        var written = new List<string>();
        foreach (var role in MeLoRoles.All)
        {
            var path = DefaultTokenPath(_directory, role);
            if (File.Exists(path))
                continue;
            EnsureDirectory();
            WriteOwnerOnly(path, Create(role) + "\n");
            written.Add(path);
        }
        return written;
    }

    TokenFile Read()
    {
        if (!File.Exists(StorePath))
            return new TokenFile();
        return JsonSerializer.Deserialize(File.ReadAllText(StorePath), StoreJson.Default.TokenFile) ?? new TokenFile();
    }

    void EnsureDirectory()
    {
        if (Directory.Exists(_directory))
            return;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(_directory);
        else
            Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    static void WriteOwnerOnly(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnly;
        using (var stream = new FileStream(path, options))
            stream.Write(Encoding.UTF8.GetBytes(content));
        // UnixCreateMode applies only to new files; an existing one keeps its mode unless set.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, OwnerOnly);
    }

    static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    internal sealed class TokenFile
    {
        public List<StoredToken> Tokens { get; set; } = [];
    }

    internal sealed class StoredToken
    {
        public required string Role { get; set; }
        public required string Sha256 { get; set; }
        public DateTimeOffset Created { get; set; }
    }

    [JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(TokenFile))]
    internal sealed partial class StoreJson : JsonSerializerContext;
}
