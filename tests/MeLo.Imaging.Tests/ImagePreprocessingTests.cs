namespace MeLo.Imaging.Tests;

public sealed class ImagePreprocessingTests
{
    [Fact]
    public void ImageNet_HasTheTorchvisionConstants()
    {
        var imageNet = ImagePreprocessing.ImageNet;

        Assert.Equal(224, imageNet.ImageSize);
        Assert.Equal(new RgbValues(0.485f, 0.456f, 0.406f), imageNet.Mean);
        Assert.Equal(new RgbValues(0.229f, 0.224f, 0.225f), imageNet.Std);
        Assert.Equal(3 * 384 * 384, ImagePreprocessing.ImageNetAt(384).TensorLength);
    }

    [Fact]
    public void ToTensor_NormalisesEachChannelInChwOrder()
    {
        float[] rgb = [0.0f, 0.5f, 1.0f, 0.25f, 0.75f, 0.1f, 1.0f, 1.0f, 1.0f, 0.2f, 0.4f, 0.6f];
        var image = new DecodedImage(2, 2, (float[])rgb.Clone());
        var preprocessing = ImagePreprocessing.ImageNetAt(2);

        float[] tensor = ImageTensorizer.ToTensor(image, preprocessing);

        Assert.Equal(12, tensor.Length);
        for (int channel = 0; channel < 3; channel++)
        {
            for (int pixel = 0; pixel < 4; pixel++)
            {
                float expected = (rgb[(pixel * 3) + channel] - preprocessing.Mean[channel]) / preprocessing.Std[channel];
                Assert.Equal(expected, tensor[(channel * 4) + pixel]);
            }
        }

        Assert.Equal((0.0f - 0.485f) / 0.229f, tensor[0]);
        Assert.Equal((0.1f - 0.406f) / 0.225f, tensor[9]);
    }

    [Fact]
    public void ToTensor_ResizesToTheSquareSize()
    {
        var image = Constant(20, 13, 0.3f, 0.6f, 0.9f);
        var preprocessing = new ImagePreprocessing(7, new RgbValues(0.5f, 0.5f, 0.5f), new RgbValues(0.5f, 0.25f, 0.1f));

        float[] tensor = ImageTensorizer.ToTensor(image, preprocessing);

        Assert.Equal(3 * 7 * 7, tensor.Length);
        Assert.All(tensor[..49], v => Assert.Equal((0.3f - 0.5f) / 0.5f, v, 1e-5f));
        Assert.All(tensor[49..98], v => Assert.Equal((0.6f - 0.5f) / 0.25f, v, 1e-5f));
        Assert.All(tensor[98..], v => Assert.Equal((0.9f - 0.5f) / 0.1f, v, 1e-5f));
    }

    [Fact]
    public void ToTensor_RejectsADestinationOfTheWrongLength()
    {
        var image = Constant(4, 4, 0, 0, 0);

        Assert.Throws<ArgumentException>(() => ImageTensorizer.ToTensor(image, ImagePreprocessing.ImageNetAt(4), new float[47]));
    }

    [Fact]
    public void Preprocessing_RejectsNonPositiveStd()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImagePreprocessing(8, default, new RgbValues(1, 0, 1)));
    }

    [Fact]
    public void Resize_UpscalesBilinearlyWithPixelCentres()
    {
        var image = new DecodedImage(2, 1, [0, 0, 0, 1, 1, 1]);

        var resized = ImageResizer.Resize(image, 4, 1);

        Assert.Equal([0f, 0.25f, 0.75f, 1f], Enumerable.Range(0, 4).Select(x => resized[x, 0, 0]).ToArray());
    }

    [Fact]
    public void Resize_AntiAliasesWhenShrinking()
    {
        // A one-pixel checkerboard must average to grey, not alias into stripes.
        var rgb = new float[100 * 100 * 3];
        for (int i = 0; i < 100 * 100; i++)
        {
            rgb.AsSpan(i * 3, 3).Fill(((i % 100) + (i / 100)) % 2);
        }

        var resized = ImageResizer.Resize(new DecodedImage(100, 100, rgb), 10, 10);

        Assert.Equal((10, 10), (resized.Width, resized.Height));
        Assert.All(resized.Rgb.ToArray(), v => Assert.Equal(0.5f, v, 0.02f));
    }

    [Fact]
    public void CropAndResize_UsesOnlyTheCroppedPixels()
    {
        var rgb = new float[4 * 4 * 3];
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 4; x++)
            {
                rgb.AsSpan(((y * 4) + x) * 3, 3).Fill(x < 2 ? 1 : 0);
            }
        }

        var resized = ImageResizer.CropAndResize(new DecodedImage(4, 4, rgb), new CropRegion(0, 1, 2, 2), 5, 5);

        Assert.All(resized.Rgb.ToArray(), v => Assert.Equal(1f, v));
    }

    private static DecodedImage Constant(int width, int height, float r, float g, float b)
    {
        var rgb = new float[width * height * 3];
        for (int i = 0; i < width * height; i++)
        {
            (rgb[i * 3], rgb[(i * 3) + 1], rgb[(i * 3) + 2]) = (r, g, b);
        }

        return new DecodedImage(width, height, rgb);
    }
}
