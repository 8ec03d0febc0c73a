using MeLo.Model.Adapters;

namespace MeLo.Serving.Engine.Repository;

/// <summary>One stored adapter version and whether it is the task's active one.</summary>
public sealed record AdapterDescriptor(string TaskId, string Version, bool Active, long SizeBytes, AdapterManifest Manifest);
