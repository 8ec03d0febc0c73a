using MeLo.Model.Checkpoints;

namespace MeLo.Hosting;

/// <summary>What a silo serves and where it keeps its data; bind from configuration section <see cref="SectionName"/>.</summary>
public sealed class MeLoSiloOptions
{
    public const string SectionName = "MeLo:Silo";

    /// <summary>False for a silo without a backbone (and engine): it hosts the registry but never adapter grains.</summary>
    public bool ServeBackbone { get; set; } = true;

    /// <summary>Pretrained backbone weights; unset means the untrained demo backbone (see MeLo.Model.Vit.DemoBackbone).</summary>
    public string? Weights { get; set; }

    /// <summary>Named backbone config or JSON file; required with <see cref="Weights"/>.</summary>
    public string? Config { get; set; }

    public CheckpointNaming Naming { get; set; } = CheckpointNaming.Timm;

    /// <summary>Adapters (unless MeLo:Adapters:Root says otherwise) and demo content live here.</summary>
    public string DataDirectory { get; set; } = MeLoDataDirectory.Default;

    /// <summary>With the demo backbone: at first start, train demo adapters on synthetic data and write sample images
    /// (when the host adds them: AddMeLoDemoContent in MeLo.Demo).</summary>
    public bool DemoContent { get; set; } = true;

    public AdapterStoreKind AdapterStore { get; set; } = AdapterStoreKind.Directory;

    /// <summary>HTTP/1.1 port for the silo's probes (/healthz/live, /healthz/ready, /healthz/startup); 0 serves none.</summary>
    public int HealthPort { get; set; }
}
