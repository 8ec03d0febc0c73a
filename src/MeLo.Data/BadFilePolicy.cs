namespace MeLo.Data;

/// <summary>What a loader or reader does with an image file that is missing or cannot be decoded.</summary>
public enum BadFilePolicy
{
    /// <summary>Stop with a <see cref="DatasetException"/> naming the file and the problem.</summary>
    Fail,

    /// <summary>Leave the file out and record it as a <see cref="SkippedFile"/>.</summary>
    Skip,
}
