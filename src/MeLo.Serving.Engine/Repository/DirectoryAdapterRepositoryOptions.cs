namespace MeLo.Serving.Engine.Repository;

/// <summary>Settings of <see cref="DirectoryAdapterRepository"/>; bind from configuration section <see cref="SectionName"/>.</summary>
public sealed class DirectoryAdapterRepositoryOptions
{
    public const string SectionName = "MeLo:Adapters";

    /// <summary>The folder holding one sub-folder per task; created when missing.</summary>
    public string Root { get; set; } = "";
}
