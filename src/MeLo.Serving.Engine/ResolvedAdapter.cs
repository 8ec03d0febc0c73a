using MeLo.Model.Adapters;

namespace MeLo.Serving.Engine;

/// <summary>A task's adapter version (the active one, when none was asked for) and how its images must be preprocessed.</summary>
public sealed record ResolvedAdapter(AdapterKey Key, AdapterPreprocessing Preprocessing);
