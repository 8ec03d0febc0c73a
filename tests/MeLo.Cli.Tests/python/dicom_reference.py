"""Renders a DICOM file's first frame to 8 bits with pydicom, the reference for `melo dicom export`.

pixel_array, then apply_modality_lut and apply_voi_lut for monochrome images; the VOI output is scaled from the range
pydicom windows into (its y_min..y_max) to 0..255, or from the min-max of the modality values when there is no window;
MONOCHROME1 is inverted. Colour images come out as RGB (YBR converted with pydicom's convert_color_space). Writes "width height channels\n" and
the row-major bytes to OUT.

usage: /usr/bin/python3 dicom_reference.py IN.dcm OUT
"""
import sys

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut, apply_voi_lut, convert_color_space


def window_range(ds):
    """The output range pydicom's apply_windowing maps a window into (pydicom 2.3, util.apply_windowing)."""
    bits = int(ds.BitsStored)
    if ds.PixelRepresentation == 0:
        y_min, y_max = 0, 2 ** bits - 1
    else:
        y_min, y_max = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    if "RescaleSlope" in ds and "RescaleIntercept" in ds:
        y_min = y_min * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
        y_max = y_max * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    return y_min, y_max


def render(ds):
    arr = ds.pixel_array
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    if frames > 1:
        arr = arr[0]
    if ds.SamplesPerPixel == 3:
        # pydicom 2.3 leaves YBR samples (native, or JPEG decoded by Pillow) in YBR; the renderer answers RGB.
        if ds.PhotometricInterpretation.startswith("YBR_FULL"):
            arr = convert_color_space(arr, "YBR_FULL", "RGB")
        return arr.astype(np.uint8)
    values = apply_modality_lut(arr, ds).astype(np.float64)
    if "WindowCenter" in ds and "WindowWidth" in ds:
        y_min, y_max = window_range(ds)
        out = (apply_voi_lut(values, ds).astype(np.float64) - y_min) / (y_max - y_min) * 255.0
    else:
        low, high = values.min(), values.max()
        out = (values - low) / (high - low) * 255.0 if high > low else np.zeros_like(values)
    if ds.PhotometricInterpretation == "MONOCHROME1":
        out = 255.0 - out
    return np.clip(np.floor(out + 0.5), 0, 255).astype(np.uint8)


def main():
    ds = pydicom.dcmread(sys.argv[1])
    image = render(ds)
    channels = 3 if image.ndim == 3 else 1
    with open(sys.argv[2], "wb") as out:
        out.write(f"{image.shape[1]} {image.shape[0]} {channels}\n".encode())
        out.write(np.ascontiguousarray(image).tobytes())


if __name__ == "__main__":
    main()
