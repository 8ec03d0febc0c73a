namespace MeLo.Data;

/// <summary>How thoroughly a loader checks each image file while building a dataset.</summary>
public enum ImageCheck
{
    /// <summary>Only that the file exists.</summary>
    Exists,

    /// <summary>That the header is a supported format within the pixel limit: catches empty, foreign and oversized files cheaply.</summary>
    Header,

    /// <summary>Full decode: also catches truncated and corrupt pixel data, at the cost of reading every image.</summary>
    Decode,
}
