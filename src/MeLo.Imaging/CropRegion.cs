namespace MeLo.Imaging;

/// <summary>A pixel rectangle inside an image: top-left corner (X, Y) and size.</summary>
public readonly record struct CropRegion(int X, int Y, int Width, int Height);
