namespace MeLo.Model.Adapters;

/// <summary>An adapter offered to a backbone other than the one it was trained on.</summary>
public sealed class BackboneMismatchException(string message) : Exception(message);
