using MeLo.Model.Vit;

namespace MeLo.Serving.Engine;

/// <summary>What adapters an engine can host: those of its backbone (identity and shape) up to <see cref="MaxRank"/>.</summary>
public sealed record EngineCapabilities(BackboneIdentity Backbone, VitConfig Config, int MaxRank);
