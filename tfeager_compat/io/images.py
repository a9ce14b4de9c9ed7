"""Image files as TF 1.15 decodes and encodes them (`tf.image.decode_*`, `encode_jpeg/png`).

Decoding uses Pillow (the `images` extra). As in TF 1.15, DecodeJpeg, DecodePng and DecodeGif
are one kernel that reads any of JPEG, PNG and GIF (an animated GIF only through decode_gif),
DecodeBmp reads BMP, and `decode_image` picks one by the file's first bytes, failing through
`tf.Assert` as TF's Python does. Channel conversions are libpng's and libjpeg's: a JPEG read as
grayscale is its luma, a PNG's RGB to gray uses libpng's weights, alpha is dropped or 255.

`encode_jpeg` is Pillow's libjpeg with TF's settings (quality 95, 4:2:0 unless
`chroma_downsampling=False`). `encode_png` writes the PNG container itself around zlib's
deflate, since Pillow has no 16-bit colour PNGs; TF's `compression` is zlib's level.

JPEG pixels are TF's exactly except in one case: Pillow cannot combine libjpeg's fast integer
DCT (TF's default `dct_method`) with fancy upsampling (TF's default), so a chroma-subsampled
JPEG decoded with TF's defaults uses the accurate DCT and may differ by a few levels.
A 16-bit colour PNG is read at 8-bit precision (Pillow's limit) and widened to uint16.
"""
import io
import struct
import zlib

import numpy as np

from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..framework.tensor import wrap
from ..ops.control_flow_ops import Assert
from ..ops.declare import kernel_type_name
from ..ops.image_ops import convert_image_dtype
from ..ops.registry import export
from ..ops.string_ops import _strings

_JPEG, _PNG, _GIF, _BMP = b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF8", b"BM"
_GRAY_WEIGHTS = np.array([6968, 23434, 2366], np.uint32)  # libpng's rgb_to_gray, /32768


def _pil():
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("Decoding and encoding images needs Pillow: install "
                          "tfeager_compat[images] (pip install 'tfeager_compat[images]')"
                          ) from None
    return Image


def _error(message, op):
    return errors.invalid_argument(message, op)


def _contents(contents, op):
    tensor = _strings(contents, op)
    shape = tensor._shape_tuple()
    if shape:
        raise _error(f"contents must be scalar, got shape {errors.shape_text(shape)}", op)
    return bytes(np.asarray(tensor.numpy(), dtype=object).item())


def _escaped(data):
    """The first 16 bytes as TF's CEscape writes them."""
    out = []
    for byte in data[:16]:
        char = chr(byte)
        if char in "\"'\\":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "".join(out)


def _open(data, op, what):
    Image = _pil()
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
        return image
    except Exception:
        raise _error(f"Invalid {what}, data size {len(data)}", op) from None


def _channels_of(array):
    return 1 if array.ndim == 2 else array.shape[-1]


def _to_channels(array, channels, gray):
    """Convert an [h, w(, c)] array to `channels` (0 keeps them); `gray` turns RGB to luma."""
    if array.ndim == 2:
        array = array[:, :, None]
    have = array.shape[-1]
    if channels == 0 or channels == have:
        return array
    top = np.iinfo(array.dtype).max
    if have in (2, 4):  # drop alpha
        array, have = array[:, :, :have - 1], have - 1
    if channels == 1:
        return array if have == 1 else gray(array)
    if have == 1:
        array = np.repeat(array, 3, axis=2)
    if channels == 4:
        array = np.concatenate([array, np.full(array.shape[:2] + (1,), top, array.dtype)], 2)
    return array


def _png_gray(rgb):
    wide = rgb.astype(np.uint64) * _GRAY_WEIGHTS
    return ((wide.sum(axis=2) + 16384) >> 15).astype(rgb.dtype)[:, :, None]


def _pil_array(image):
    """A Pillow image as uint8 (or uint16 for 16-bit gray) pixels, palettes expanded."""
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode in ("1", "CMYK", "YCbCr"):
        image = image.convert("L" if image.mode == "1" else "RGB")
    elif image.mode == "PA":
        image = image.convert("RGBA")
    elif image.mode.startswith("I"):
        return np.asarray(image).astype(np.uint16)
    return np.asarray(image)


def _decode_jpeg(data, channels, ratio, fancy, dct_method, op):
    if channels not in (0, 1, 3):
        raise _error(f"channels must be 0, 1, or 3 for JPEG, got {channels}", op)
    Image = _pil()
    from PIL import JpegImagePlugin
    try:
        image = Image.open(io.BytesIO(data))
        if channels == 1 or ratio > 1:
            size = (max(1, image.size[0] // ratio), max(1, image.size[1] // ratio))
            image.draft("L" if channels == 1 else image.mode, size)
        # Pillow's decoder takes (scale, draft); draft is libjpeg's fast integer DCT without
        # fancy upsampling, which TF's default DCT matches whenever no chroma is upsampled.
        upsampled = channels != 1 and JpegImagePlugin.get_sampling(image) > 0
        fast = dct_method != "INTEGER_ACCURATE" and not (fancy and upsampled)
        image.decoderconfig = ((image.decoderconfig or (1,))[0], int(fast))
        image.load()
    except Exception:
        raise _error(f"Invalid JPEG data or crop window, data size {len(data)}", op) from None
    return _to_channels(_pil_array(image), channels, _png_gray)


def _decode_png(data, channels, bits, op):
    array = _pil_array(_open(data, op, "PNG header"))
    if bits == 16 and array.dtype == np.uint8:
        array = array.astype(np.uint16) * 257
    elif bits == 8 and array.dtype == np.uint16:
        array = (array >> 8).astype(np.uint8)
    return _to_channels(array, channels, _png_gray)


def _gif_frames(data, op):
    Image = _pil()
    try:
        image = Image.open(io.BytesIO(data))
        frames = []
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            frames.append(np.asarray(image.convert("RGB")))
    except Exception as e:
        raise _error(f"Failed to decode gif: {e}", op) from None
    return np.stack(frames)


def _decode(contents, channels, op, ratio=1, bits=8, fancy=True, dct_method=""):
    """The shared kernel of DecodeJpeg, DecodePng and DecodeGif."""
    data = _contents(contents, op)
    if not data:
        raise _error("Expected image (JPEG, PNG, or GIF), got empty file", op)
    if data.startswith(_JPEG):
        array = _decode_jpeg(data, channels, ratio, fancy, dct_method, op)
    elif data.startswith(_PNG):
        array = _decode_png(data, channels, bits, op)
    elif data.startswith(_GIF):
        if channels not in (0, 3):
            raise _error(f"channels must be 0 or 3 for GIF, got {channels}", op)
        array = _gif_frames(data, op)
        if op != "DecodeGif":
            if len(array) != 1:
                raise _error(f"Got {len(array)} frames, but animated gifs can only be decoded "
                             "by tf.image.decode_gif or tf.image.decode_image", op)
            array = array[0]
    else:
        raise _error("Expected image (JPEG, PNG, or GIF), got unknown format starting with "
                     f"'{_escaped(data)}'", op)
    if bits == 16 and array.dtype == np.uint8:
        raise _error(f"{op}: Can't decode non-PNG image as 16-bit", op)
    return to_tensor(np.ascontiguousarray(array))


def _check_channels(channels, op):
    if channels not in (0, 1, 3, 4):
        raise _error(f"channels must be 0, 1, 3, or 4, got {channels}", op)


@export("image.decode_jpeg", "io.decode_jpeg")
def decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True,
                try_recover_truncated=False, acceptable_fraction=1, dct_method="", name=None):
    """A JPEG (or PNG, or one-frame GIF) as a uint8 [height, width, channels] tensor;
    `ratio` (1, 2, 4, 8) downscales while decoding."""
    _check_channels(channels, "DecodeJpeg")
    return _decode(contents, channels, "DecodeJpeg", ratio=int(ratio),
                   fancy=bool(fancy_upscaling), dct_method=dct_method)


@export("image.decode_png", "io.decode_png")
def decode_png(contents, channels=0, dtype=dtypes.uint8, name=None):
    """A PNG (or JPEG, or one-frame GIF) as a uint8 or uint16 [height, width, channels]."""
    _check_channels(channels, "DecodePng")
    bits = 16 if dtypes.as_dtype(dtype) == dtypes.uint16 else 8
    return _decode(contents, channels, "DecodePng", bits=bits)


@export("image.decode_gif", "io.decode_gif")
def decode_gif(contents, name=None):
    """Every frame of a GIF, as uint8 [frames, height, width, 3]."""
    return _decode(contents, 0, "DecodeGif")


@export("image.decode_bmp", "io.decode_bmp")
def decode_bmp(contents, channels=0, name=None):
    """A BMP as uint8 [height, width, channels]."""
    op = "DecodeBmp"
    _check_channels(channels, op)
    data = _contents(contents, op)
    if not data.startswith(_BMP):
        raise _error("Incomplete bmp content or not a BMP file", op)
    return to_tensor(np.ascontiguousarray(
        _to_channels(_pil_array(_open(data, op, "BMP data")), channels, _png_gray)))


def _assert(message):
    Assert(to_tensor(False), [message])


@export("image.decode_image", "io.decode_image")
def decode_image(contents, channels=None, dtype=dtypes.uint8, name=None, expand_animations=True):
    """Any JPEG, PNG, GIF or BMP, chosen by its first bytes, converted to `dtype` as
    `convert_image_dtype` does; a GIF is [frames, h, w, 3] (its first frame if not
    `expand_animations`)."""
    if channels not in (None, 0, 1, 3, 4):
        raise ValueError("channels must be in (None, 0, 1, 3, 4)")
    dtype = dtypes.as_dtype(dtype)
    data = _contents(contents, "DecodeImage")
    wanted = channels or 0
    if data.startswith(_JPEG):
        if wanted == 4:
            _assert("Channels must be in (None, 0, 1, 3) when decoding JPEG images")
        image = decode_jpeg(data, wanted)
    elif data.startswith(b"\x89PN"):
        image = decode_png(data, wanted, dtypes.uint16 if dtype == dtypes.uint16 else dtypes.uint8)
    elif data.startswith(b"GIF"):
        if wanted in (1, 4):
            _assert("Channels must be in (None, 0, 3) when decoding GIF images")
        image = decode_gif(data)
        if not expand_animations:
            image = to_tensor(image.numpy()[0])
    else:
        if not data.startswith(_BMP):
            _assert("Unable to decode bytes as JPEG, PNG, GIF, or BMP")
        if wanted == 1:
            _assert("Channels must be in (None, 0, 3) when decoding BMP images")
        image = decode_bmp(data)
    return convert_image_dtype(image, dtype)


def _image_array(image, op, allowed):
    tensor = to_tensor(image)
    if tensor.dtype not in allowed:
        names = ", ".join(d.name for d in allowed)
        raise _error(f"Value for attr 'T' of {kernel_type_name(tensor.dtype)} is not in the "
                     f"list of allowed values: {names}", op)
    array = np.asarray(tensor.numpy())
    if array.ndim != 3:
        raise _error(f"image must be 3-dimensional{errors.shape_text(array.shape)}", op)
    return array


@export("image.encode_jpeg", "io.encode_jpeg")
def encode_jpeg(image, format="", quality=95, progressive=False, optimize_size=False,
                chroma_downsampling=True, density_unit="in", x_density=300, y_density=300,
                xmp_metadata="", name=None):
    """A uint8 [height, width, 1 or 3] image as a JPEG string scalar."""
    op = "EncodeJpeg"
    array = _image_array(image, op, (dtypes.uint8,))
    channels = array.shape[2]
    expected = {"grayscale": 1, "rgb": 3}.get(format)
    if expected is not None and channels != expected:
        raise _error(f"format {format} expects {expected} channels, got "
                     f"{errors.shape_text(array.shape)}", op)
    if channels not in (1, 3):
        raise _error(f"image must have 1 or 3 channels, got {errors.shape_text(array.shape)}",
                     op)
    if not 0 <= quality <= 100:
        raise _error(f"quality must be in [0,100], got {quality}", op)
    Image = _pil()
    scale = 2.54 if density_unit == "cm" else 1.0
    options = dict(quality=int(quality), progressive=bool(progressive),
                   optimize=bool(optimize_size), subsampling=2 if chroma_downsampling else 0,
                   dpi=(x_density * scale, y_density * scale))
    if xmp_metadata:
        options["xmp"] = xmp_metadata.encode() if isinstance(xmp_metadata, str) else xmp_metadata
    out = io.BytesIO()
    Image.fromarray(array[:, :, 0] if channels == 1 else array).save(out, "JPEG", **options)
    return wrap(np.asarray(out.getvalue(), dtype=object))


def _chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


@export("image.encode_png", "io.encode_png")
def encode_png(image, compression=-1, name=None):
    """A uint8 or uint16 [height, width, 1-4] image as a PNG string scalar; `compression` is
    zlib's level (-1 its default)."""
    op = "EncodePng"
    array = _image_array(image, op, (dtypes.uint8, dtypes.uint16))
    height, width, channels = array.shape
    if channels not in (1, 2, 3, 4):
        raise _error(f"image must have 1, 2, 3, or 4 channels, got "
                     f"{errors.shape_text(array.shape)}", op)
    if not -1 <= compression <= 9:
        raise _error(f"compression should be in [-1,9], got {compression}", op)
    bits = array.dtype.itemsize * 8
    color = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    rows = array.astype(">u2" if bits == 16 else np.uint8).reshape(height, -1).view(np.uint8)
    raw = np.concatenate([np.zeros((height, 1), np.uint8), rows], axis=1).tobytes()
    header = struct.pack(">IIBBBBB", width, height, bits, color, 0, 0, 0)
    data = (_PNG + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, compression))
            + _chunk(b"IEND", b""))
    return wrap(np.asarray(data, dtype=object))
