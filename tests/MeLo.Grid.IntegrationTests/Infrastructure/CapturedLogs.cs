using Microsoft.Extensions.Logging;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>A logger provider that keeps every record's category, message, structured values and scopes as text.</summary>
sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    readonly List<string> _records = [];
    IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Records
    {
        get
        {
            lock (_records)
                return [.. _records];
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var parts = new List<string> { category, formatter(state, exception), exception?.ToString() ?? "" };
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                parts.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
            owner._scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), parts);
            lock (owner._records)
                owner._records.Add(string.Join(" | ", parts));
        }
    }
}
