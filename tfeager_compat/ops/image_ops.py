"""`tf.image`: resizing (TF1's kernels, `align_corners` and all), flips, crops, dtype scaling.

Resize kernels compute their source coordinates the way TF 1.x's kernels do: `out * scale`
(no half-pixel offset) unless `half_pixel_centers=True`, with `scale = in / out`, or
`(in - 1) / (out - 1)` under `align_corners`. Bilinear gathers and interpolates; bicubic and
area resizing are separable weight matrices built on the host from the static sizes. Decoding
and encoding image files (`decode_png`, `encode_jpeg`, ...) are not provided.
"""
import math

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from ..autodiff.graph import execute, execute_host
from ..framework import dtypes, errors
from ..framework.convert import to_tensor
from ..framework.tensor import Tensor
from . import random_ops
from .array_ops import _static_shape, cast, reshape
from .declare import check_dtype, numpy_types
from .registry import Op, export

_HIGHEST = lax.Precision.HIGHEST


def _run(op, inputs, attrs=()):
    """Run `op`, on the host for string tensors."""
    if any(t.dtype.is_string for t in inputs):
        return execute_host(op, inputs, attrs)
    return execute(op, inputs, attrs)


def _shape_text(shape):
    return str(tuple(shape))


def _debug_shape(shape):
    return "[" + ",".join(map(str, shape)) + "]"


def _check_image(image, max_rank=None, gap=""):
    """TF's static checks on an image tensor: rank >= 3, non-empty inner dims, rank <= 4.

    (TF's rank message for flips lacks the space after the shape; `gap=" "` restores it.)
    """
    shape = image._shape_tuple()
    if len(shape) < 3:
        raise ValueError(f"'image' (shape {_shape_text(shape)}) must be at least "
                         "three-dimensional.")
    if any(d == 0 for d in shape[-3:]):
        raise ValueError(f"inner 3 dims of 'image.shape' must be > 0: {_shape_text(shape)}")
    if max_rank is not None and len(shape) > max_rank:
        raise ValueError(f"'image' (shape {_shape_text(shape)}){gap}must have either 3 or "
                         "4 dimensions.")
    return shape


# ---- resizing ------------------------------------------------------------------------------
@export("image.ResizeMethod")
class ResizeMethod:
    """TF1's resize method constants (`tf.image.ResizeMethod`)."""
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


def _scale(in_size, out_size, align_corners):
    if align_corners and out_size > 1:
        return np.float32(in_size - 1) / np.float32(out_size - 1)
    return np.float32(in_size) / np.float32(out_size)


def _sources(in_size, out_size, align_corners, half_pixel, offset=np.float32(0.5)):
    """Float32 source coordinates of the output pixels, as TF's kernels compute them."""
    scale = _scale(in_size, out_size, align_corners)
    out = np.arange(out_size, dtype=np.float32)
    if half_pixel:
        return (out + np.float32(0.5)) * scale - offset
    return out * scale


def _linear_taps(in_size, out_size, align_corners, half_pixel):
    src = _sources(in_size, out_size, align_corners, half_pixel)
    floor = np.floor(src)
    low = np.maximum(floor, 0).astype(np.int64)
    high = np.minimum(np.ceil(src), in_size - 1).astype(np.int64)
    return low, high, (src - floor).astype(np.float32)


def _bilinear(x, size, align_corners, half_pixel_centers):
    x = x.astype(jnp.float32)
    y0, y1, wy = _linear_taps(x.shape[1], size[0], align_corners, half_pixel_centers)
    x0, x1, wx = _linear_taps(x.shape[2], size[1], align_corners, half_pixel_centers)

    def across(rows):
        left, right = rows[:, :, x0], rows[:, :, x1]
        return left + (right - left) * wx[:, None]

    top, bottom = across(x[:, y0]), across(x[:, y1])
    return top + (bottom - top) * wy[:, None, None]


def _nearest_taps(in_size, out_size, align_corners, half_pixel):
    src = _sources(in_size, out_size, align_corners, half_pixel, offset=np.float32(0))
    if align_corners:
        index = np.floor(src) + (src - np.floor(src) >= 0.5)  # C's roundf
    else:
        index = np.floor(src)
    return np.clip(index, 0, in_size - 1).astype(np.int64)


def _nearest(x, size, align_corners, half_pixel_centers):
    rows = _nearest_taps(x.shape[1], size[0], align_corners, half_pixel_centers)
    cols = _nearest_taps(x.shape[2], size[1], align_corners, half_pixel_centers)
    return x[:, rows][:, :, cols]


def _keys_cubic(t, a):
    t = np.abs(t)
    near = ((a + 2) * t - (a + 3)) * t * t + 1
    far = ((a * t - 5 * a) * t + 8 * a) * t - 4 * a
    return np.where(t <= 1, near, np.where(t < 2, far, 0.0))


# TF 1.x's bicubic kernel reads its weights from a 1024-step table of Keys' cubic (a = -0.75).
_CUBIC_TABLE = _keys_cubic(np.arange(1025, dtype=np.float32)[:, None] / np.float32(1024)
                           + np.array([0.0, 1.0], np.float32), -0.75).astype(np.float32)


def _cubic_weights(in_size, out_size, align_corners, half_pixel):
    src = _sources(in_size, out_size, align_corners, half_pixel)
    base = np.floor(src).astype(np.int64)
    delta = src - base
    if half_pixel:  # Keys' cubic with a = -0.5; taps outside the image are dropped
        taps = _keys_cubic(delta[:, None] - np.arange(-1, 3), -0.5)
    else:
        step = np.rint(delta * 1024).astype(np.int64)
        taps = np.stack([_CUBIC_TABLE[step, 1], _CUBIC_TABLE[step, 0],
                         _CUBIC_TABLE[1024 - step, 0], _CUBIC_TABLE[1024 - step, 1]], axis=1)
    index = base[:, None] + np.arange(-1, 3)
    if half_pixel:
        taps = np.where((index >= 0) & (index < in_size), taps, 0.0)
        taps = taps / taps.sum(axis=1, keepdims=True)
    weights = np.zeros((out_size, in_size), np.float64)
    np.add.at(weights, (np.arange(out_size)[:, None], np.clip(index, 0, in_size - 1)), taps)
    return weights.astype(np.float32)


def _area_weights(in_size, out_size, align_corners, half_pixel):
    scale = _scale(in_size, out_size, align_corners)
    weights = np.zeros((out_size, in_size), np.float64)
    for o in range(out_size):
        start, stop = np.float32(o) * scale, np.float32(o + 1) * scale
        for i in range(int(np.floor(start)), int(np.ceil(stop))):
            if i < start:
                w = scale if i + 1 > stop else i + 1 - start
            else:
                w = stop - i if i + 1 > stop else 1.0
            weights[o, min(i, in_size - 1)] += w
    return (weights / scale).astype(np.float32)


def _separable(weights_fn):
    def kernel(x, size, align_corners, half_pixel_centers):
        wy = weights_fn(x.shape[1], size[0], align_corners, half_pixel_centers)
        wx = weights_fn(x.shape[2], size[1], align_corners, half_pixel_centers)
        x = jnp.einsum("hi,bijc->bhjc", wy, x.astype(jnp.float32), precision=_HIGHEST)
        return jnp.einsum("wj,bhjc->bhwc", wx, x, precision=_HIGHEST)
    return kernel


_RESIZE_TYPES = numpy_types([dtypes.int8, dtypes.uint8, dtypes.int16, dtypes.uint16,
                             dtypes.int32, dtypes.int64, dtypes.bfloat16, dtypes.float16,
                             dtypes.float32, dtypes.float64])
_RESIZE_OPS = {
    ResizeMethod.BILINEAR: Op("ResizeBilinear", _bilinear),
    ResizeMethod.NEAREST_NEIGHBOR: Op("ResizeNearestNeighbor", _nearest),
    ResizeMethod.BICUBIC: Op("ResizeBicubic", _separable(_cubic_weights)),
    ResizeMethod.AREA: Op("ResizeArea", _separable(_area_weights)),
}
_METHOD_NAMES = {"bilinear": ResizeMethod.BILINEAR, "nearest": ResizeMethod.NEAREST_NEIGHBOR,
                 "bicubic": ResizeMethod.BICUBIC, "area": ResizeMethod.AREA}


def _resize(images, size, method, align_corners=False, half_pixel_centers=False):
    """The 4-D resize kernels with TF's checks (`tf.image.resize_bilinear` and friends)."""
    op = _RESIZE_OPS[method]
    images = to_tensor(images)
    check_dtype(op, images, _RESIZE_TYPES)
    if half_pixel_centers and align_corners:
        raise errors.invalid_argument(
            "If half_pixel_centers is True, align_corners must be False.", op.name)
    shape = images._shape_tuple()
    if len(shape) != 4:
        raise errors.invalid_argument(f"input must be 4-dimensional{_debug_shape(shape)}",
                                      op.name)
    size = _static_shape(size)
    if len(size) != 2:
        raise errors.invalid_argument(f"shape_t must have two elements[{len(size)}]", op.name)
    if min(size) <= 0:
        raise errors.invalid_argument("output dimensions must be positive", op.name)
    if shape[1] == 0 or shape[2] == 0:
        raise errors.invalid_argument("input image must be of non-zero size", op.name)
    attrs = (("size", size), ("align_corners", bool(align_corners)),
             ("half_pixel_centers", bool(half_pixel_centers)))
    return execute(op, (images,), attrs)


def _resize_v1(method, name):
    def resize(images, size, align_corners=False, name=None, half_pixel_centers=False):
        return _resize(images, size, method, align_corners, half_pixel_centers)
    resize.__name__ = name
    resize.__doc__ = (f"TF1 `tf.image.{name}` of a 4-D batch; `half_pixel_centers` selects "
                      "TF2's sampling grid.")
    return export(f"image.{name}")(resize)


resize_bilinear = _resize_v1(ResizeMethod.BILINEAR, "resize_bilinear")
resize_nearest_neighbor = _resize_v1(ResizeMethod.NEAREST_NEIGHBOR, "resize_nearest_neighbor")
resize_bicubic = _resize_v1(ResizeMethod.BICUBIC, "resize_bicubic")


@export("image.resize_area")
def resize_area(images, size, align_corners=False, name=None):
    """TF1 `tf.image.resize_area` of a 4-D batch (output float32)."""
    return _resize(images, size, ResizeMethod.AREA, align_corners)


def _size_pair(size):
    try:
        size = size if isinstance(size, Tensor) else to_tensor(size, dtypes.int32)
    except (TypeError, ValueError):
        raise ValueError("'size' must be a 1-D int32 Tensor") from None
    if size.dtype is not dtypes.int32:
        raise ValueError("'size' must be a 1-D int32 Tensor")
    if size._shape_tuple() != (2,):
        raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
    height, width = np.asarray(size._array()).tolist()
    return height, width


@export("image.resize_images", "image.resize")
def resize_images(images, size, method=ResizeMethod.BILINEAR, align_corners=False,
                  preserve_aspect_ratio=False, name=None):
    """TF1 `tf.image.resize_images` of a 3-D image or 4-D batch.

    Bilinear, bicubic and area resizing return float32; nearest keeps the dtype. An image
    already of the requested size comes back unchanged.
    """
    images = to_tensor(images)
    rank = images._rank()
    if rank not in (3, 4):
        raise ValueError("'images' must have either 3 or 4 dimensions.")
    height, width = _size_pair(size)
    shape = images._shape_tuple()
    in_h, in_w = shape[-3], shape[-2]
    if preserve_aspect_ratio:
        factor = min(np.float32(height) / np.float32(in_h), np.float32(width) / np.float32(in_w))
        height = int(np.round(np.float32(in_h) * factor))
        width = int(np.round(np.float32(in_w) * factor))
    if (height, width) == (in_h, in_w):
        return images
    method = _METHOD_NAMES.get(method, method) if isinstance(method, str) else method
    if method not in _RESIZE_OPS:
        raise ValueError(f"Resize method is not implemented: {method}")
    batch = images if rank == 4 else reshape(images, (1,) + shape)
    out = _resize(batch, (height, width), method, align_corners)
    return out if rank == 4 else reshape(out, out._shape_tuple()[1:])


# ---- flips, rotations, transposes ----------------------------------------------------------
_REVERSE = Op("ReverseV2", lambda x, axis: jnp.flip(x, axis),
              host_kernel=lambda x, axis: np.flip(x, axis).copy())


def _flip(image, axis_from_end):
    image = to_tensor(image)
    shape = _check_image(image, max_rank=4)
    return _run(_REVERSE, (image,), (("axis", len(shape) - axis_from_end),))


@export("image.flip_left_right")
def flip_left_right(image):
    """Mirror a 3-D image or 4-D batch horizontally."""
    return _flip(image, 2)


@export("image.flip_up_down")
def flip_up_down(image):
    """Mirror a 3-D image or 4-D batch vertically."""
    return _flip(image, 3)


def _random_flip(key, x, axis):
    axis = x.ndim - axis
    if x.ndim == 3:
        return jnp.where(jax.random.uniform(key, ()) < 0.5, jnp.flip(x, axis), x)
    flips = jax.random.uniform(key, (x.shape[0],)) >= 0.5
    return jnp.where(flips[:, None, None, None], jnp.flip(x, axis), x)


def _random_flip_host(key, x, axis):
    axis = x.ndim - axis
    if x.ndim == 3:
        return np.flip(x, axis).copy() if float(jax.random.uniform(key, ())) < 0.5 else x
    flips = np.asarray(jax.random.uniform(key, (x.shape[0],))) >= 0.5
    return np.where(flips[:, None, None, None], np.flip(x, axis), x)


_RANDOM_FLIP = Op("RandomFlip", _random_flip, host_kernel=_random_flip_host)


def _flip_randomly(image, axis_from_end, seed):
    image = to_tensor(image)
    _check_image(image, max_rank=4)
    key = random_ops._next_key(seed)
    return _run(_RANDOM_FLIP, (key, image), (("axis", axis_from_end),))


@export("image.random_flip_left_right")
def random_flip_left_right(image, seed=None):
    """Mirror horizontally with probability 1/2 (each image of a 4-D batch on its own)."""
    return _flip_randomly(image, 2, seed)


@export("image.random_flip_up_down")
def random_flip_up_down(image, seed=None):
    """Mirror vertically with probability 1/2 (each image of a 4-D batch on its own)."""
    return _flip_randomly(image, 3, seed)


def _rot(x, k):
    return jnp.rot90(x, k, axes=(x.ndim - 3, x.ndim - 2))


_ROT90 = Op("Rot90", _rot, host_kernel=lambda x, k: np.rot90(x, k, (x.ndim - 3, x.ndim - 2)))


@export("image.rot90")
def rot90(image, k=1, name=None):
    """Rotate a 3-D image or 4-D batch by `k` quarter turns counter-clockwise."""
    image = to_tensor(image)
    _check_image(image, max_rank=4, gap=" ")
    return _run(_ROT90, (image,), (("k", int(k) % 4),))


_TRANSPOSE = Op("Transpose", lambda x: jnp.swapaxes(x, -3, -2),
                host_kernel=lambda x: np.swapaxes(x, -3, -2))


@export("image.transpose_image", "image.transpose")
def transpose_image(image, name=None):
    """Swap the height and width of a 3-D image or 4-D batch."""
    image = to_tensor(image)
    _check_image(image, max_rank=4, gap=" ")
    return _run(_TRANSPOSE, (image,))


# ---- crops and pads ------------------------------------------------------------------------
_SLICE = Op("Slice", lambda x, begin, size: lax.slice(x, begin, tuple(
    b + s for b, s in zip(begin, size))),
    host_kernel=lambda x, begin, size: x[tuple(slice(b, b + s) for b, s in zip(begin, size))])


def _pad_host(x, widths):
    return np.pad(x, widths, constant_values=b"" if x.dtype == object else 0)


_PAD = Op("Pad", lambda x, widths: jnp.pad(x, widths), host_kernel=_pad_host)


def _window(image, top, left, height, width):
    """The [top:top+height, left:left+width] window of a 3-D image or 4-D batch."""
    shape = image._shape_tuple()
    lead = (0,) * (len(shape) - 3)
    begin = lead + (top, left, 0)
    size = shape[:-3] + (height, width, shape[-1])
    return _run(_SLICE, (image,), (("begin", begin), ("size", size)))


def _image_3_or_4(image):
    shape = image._shape_tuple()
    if len(shape) not in (3, 4):
        raise ValueError(f"'image' (shape {_shape_text(shape)}) must have either 3 or 4 "
                         "dimensions.")
    return _check_image(image)


@export("image.crop_to_bounding_box")
def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The window of `target_height x target_width` pixels at the given offset."""
    image = to_tensor(image)
    shape = _image_3_or_4(image)
    height, width = shape[-3], shape[-2]
    for ok, text in ((offset_width >= 0, "offset_width must be >= 0."),
                     (offset_height >= 0, "offset_height must be >= 0."),
                     (target_width > 0, "target_width must be > 0."),
                     (target_height > 0, "target_height must be > 0."),
                     (width >= target_width + offset_width, "width must be >= target + offset."),
                     (height >= target_height + offset_height,
                      "height must be >= target + offset.")):
        if not ok:
            raise ValueError(text)
    return _window(image, int(offset_height), int(offset_width), int(target_height),
                   int(target_width))


@export("image.pad_to_bounding_box")
def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """Zero-pad to `target_height x target_width`, the image at the given offset."""
    image = to_tensor(image)
    shape = _image_3_or_4(image)
    after_h = target_height - offset_height - shape[-3]
    after_w = target_width - offset_width - shape[-2]
    for ok, text in ((offset_height >= 0, "offset_height must be >= 0"),
                     (offset_width >= 0, "offset_width must be >= 0"),
                     (after_w >= 0, "width must be <= target - offset"),
                     (after_h >= 0, "height must be <= target - offset")):
        if not ok:
            raise ValueError(text)
    widths = ((0, 0),) * (len(shape) - 3) + (
        (int(offset_height), int(after_h)), (int(offset_width), int(after_w)), (0, 0))
    return _run(_PAD, (image,), (("widths", widths),))


@export("image.resize_image_with_crop_or_pad", "image.resize_with_crop_or_pad")
def resize_image_with_crop_or_pad(image, target_height, target_width):
    """Center-crop and/or zero-pad to `target_height x target_width` (TF's offsets)."""
    image = to_tensor(image)
    _image_3_or_4(image)
    if target_width <= 0:
        raise ValueError("target_width must be > 0.")
    if target_height <= 0:
        raise ValueError("target_height must be > 0.")
    shape = image._shape_tuple()
    height, width = shape[-3], shape[-2]
    crop_h, crop_w = min(height, target_height), min(width, target_width)
    cropped = crop_to_bounding_box(image, max((height - target_height) // 2, 0),
                                   max((width - target_width) // 2, 0), crop_h, crop_w)
    if (crop_h, crop_w) == (target_height, target_width):
        return cropped
    return pad_to_bounding_box(cropped, max((target_height - height) // 2, 0),
                               max((target_width - width) // 2, 0), target_height, target_width)


@export("image.central_crop")
def central_crop(image, central_fraction):
    """The central `central_fraction` of a 3-D image or 4-D batch (TF's rounding)."""
    if not 0.0 < central_fraction <= 1.0:
        raise ValueError("central_fraction must be within (0, 1]")
    image = to_tensor(image)
    shape = _check_image(image)
    if len(shape) not in (3, 4):
        raise ValueError("`image` should either be a Tensor with rank = 3 or rank = 4. Had "
                         f"rank = {len(shape)}.")
    if central_fraction == 1.0:
        return image
    height, width = shape[-3], shape[-2]
    top = int((height - height * central_fraction) / 2)
    left = int((width - width * central_fraction) / 2)
    return _window(image, top, left, height - 2 * top, width - 2 * left)


# ---- dtype scaling -------------------------------------------------------------------------
def _float_to_int(x, out):
    """C's float-to-int cast as TF's CPU kernels do it: out-of-range values become INT_MIN."""
    wide = np.int64 if out.itemsize == 8 or out == np.uint32 else np.int32
    low = np.iinfo(wide).min
    whole = jnp.trunc(x)
    whole = jnp.where((whole >= low) & (whole < -float(low)), whole, low)
    return whole.astype(wide).astype(out)


def _saturating_bounds(in_dtype, out):
    info = np.iinfo(out)
    low, high = np.asarray(info.min, in_dtype), np.asarray(info.max, in_dtype)
    if float(low) < info.min:
        low = np.nextafter(low, np.asarray(np.inf, in_dtype))
    if float(high) > info.max:
        high = np.nextafter(high, np.asarray(-np.inf, in_dtype))
    return low, high


def _convert_dtype(x, dtype, saturate):
    out = np.dtype(dtype)
    if jnp.issubdtype(x.dtype, jnp.integer):
        in_max = int(np.iinfo(x.dtype).max)
        if jnp.issubdtype(out, jnp.floating):
            return x.astype(out) * np.asarray(1.0 / in_max, out)
        out_max = int(np.iinfo(out).max)
        if in_max > out_max:
            return jnp.floor_divide(x, np.asarray((in_max + 1) // (out_max + 1), x.dtype)
                                    ).astype(out)
        return x.astype(out) * np.asarray((out_max + 1) // (in_max + 1), out)
    if jnp.issubdtype(out, jnp.floating):
        return x.astype(out)
    scaled = x * np.asarray(np.iinfo(out).max + 0.5, x.dtype)
    if saturate:
        low, high = _saturating_bounds(x.dtype, out)
        scaled = jnp.clip(scaled, low, high)
    return _float_to_int(scaled, out)


_CONVERT = Op("ConvertImageDtype", _convert_dtype)


@export("image.convert_image_dtype")
def convert_image_dtype(image, dtype, saturate=False, name=None):
    """Cast with TF's scaling: floats live in [0, 1], integers in [0, MAX].

    Float to integer multiplies by `MAX + 0.5` and, unless `saturate`, wraps out-of-range
    values as TF's CPU cast does; integer to integer shifts by the ratio of the ranges.
    """
    image = to_tensor(image)
    dtype = dtypes.as_dtype(dtype)
    if not (image.dtype.is_floating or image.dtype.is_integer):
        raise AttributeError("image dtype must be either floating point or integer")
    if not (dtype.is_floating or dtype.is_integer):
        raise AttributeError("dtype must be either floating point or integer")
    if dtype is image.dtype:
        return image
    attrs = (("dtype", np.dtype(dtype.as_numpy_dtype)), ("saturate", bool(saturate)))
    return execute(_CONVERT, (image,), attrs)


def _via_float32(image, fn):
    """Apply `fn` to the image as float16/float32, converting other dtypes as TF does."""
    if image.dtype in (dtypes.float16, dtypes.float32):
        return fn(image)
    return convert_image_dtype(fn(convert_image_dtype(image, dtypes.float32)), image.dtype,
                               saturate=True)


_ADD = Op("AddV2", jnp.add)


@export("image.adjust_brightness")
def adjust_brightness(image, delta):
    """`image + delta` in float (integer images are converted there and back, saturating)."""
    image = to_tensor(image)
    delta = to_tensor(delta)
    return _via_float32(image, lambda x: execute(_ADD, (x, cast(delta, x.dtype))))


def _contrast(x, factor):
    mean = jnp.mean(x, axis=(-3, -2), keepdims=True)
    return (x - mean) * factor.astype(x.dtype) + mean


_CONTRAST = Op("AdjustContrastv2", _contrast)


@export("image.adjust_contrast")
def adjust_contrast(images, contrast_factor):
    """`(x - mean) * contrast_factor + mean`, the mean over each image's pixels per channel."""
    images = to_tensor(images)
    shape = images._shape_tuple()
    if len(shape) < 3:
        raise errors.invalid_argument(
            f"input must be at least 3-D, got shape{_debug_shape(shape)}", _CONTRAST.name)
    factor = cast(to_tensor(contrast_factor), dtypes.float32)
    return _via_float32(images, lambda x: execute(_CONTRAST, (x, factor)))


@export("image.random_brightness")
def random_brightness(image, max_delta, seed=None):
    """`adjust_brightness` by a delta drawn uniformly from [-max_delta, max_delta)."""
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    delta = random_ops.random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_brightness(image, delta)


@export("image.random_contrast")
def random_contrast(image, lower, upper, seed=None):
    """`adjust_contrast` by a factor drawn uniformly from [lower, upper)."""
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    factor = random_ops.random_uniform([], lower, upper, seed=seed)
    return adjust_contrast(image, factor)


# ---- per-image statistics and colour -------------------------------------------------------
def _standardize(x):
    axes = (-3, -2, -1)
    count = np.prod(x.shape[-3:])
    mean = jnp.mean(x, axis=axes, keepdims=True)
    std = jnp.sqrt(jnp.mean(jnp.square(x - mean), axis=axes, keepdims=True))
    floor = np.float32(1.0) / np.sqrt(np.float32(count))
    return (x - mean) / jnp.maximum(std, floor)


_STANDARDIZE = Op("PerImageStandardization", _standardize)


@export("image.per_image_standardization")
def per_image_standardization(image):
    """`(x - mean) / max(stddev, 1/sqrt(N))` per image, in float32."""
    image = to_tensor(image)
    _check_image(image)
    return execute(_STANDARDIZE, (cast(image, dtypes.float32),))


_GRAY_WEIGHTS = np.array([0.2989, 0.5870, 0.1140], np.float32)
_GRAY = Op("RgbToGrayscale", lambda x: jnp.tensordot(x, _GRAY_WEIGHTS, axes=[[-1], [0]],
                                                     precision=_HIGHEST)[..., None])


@export("image.rgb_to_grayscale")
def rgb_to_grayscale(images, name=None):
    """Luma (0.2989 R + 0.5870 G + 0.1140 B) in float32, converted back to the input dtype."""
    images = to_tensor(images)
    shape = images._shape_tuple()
    if not shape or shape[-1] != 3:
        rows = int(math.prod(shape[:-1])) if shape else 1
        raise errors.invalid_argument(
            f"Matrix size-incompatible: In[0]: [{rows},{shape[-1] if shape else 1}], "
            "In[1]: [3,1]", "MatMul")
    gray = execute(_GRAY, (convert_image_dtype(images, dtypes.float32),))
    return convert_image_dtype(gray, images.dtype)


_TILE3 = Op("Tile", lambda x: jnp.concatenate([x, x, x], axis=-1),
            host_kernel=lambda x: np.concatenate([x, x, x], axis=-1))


@export("image.grayscale_to_rgb")
def grayscale_to_rgb(images, name=None):
    """Repeat the single channel of a grayscale image three times."""
    images = to_tensor(images)
    shape = images._shape_tuple()
    if len(shape) < 2:
        raise ValueError(f"A grayscale image (shape {_shape_text(shape)}) must be at least "
                         "two-dimensional.")
    if shape[-1] != 1:
        raise ValueError("Last dimension of a grayscale image should be size 1.")
    return _run(_TILE3, (images,))


def _variation(x):
    dy = jnp.abs(x[..., 1:, :, :] - x[..., :-1, :, :])
    dx = jnp.abs(x[..., :, 1:, :] - x[..., :, :-1, :])
    axes = (-3, -2, -1)
    return jnp.sum(dy, axis=axes, dtype=x.dtype) + jnp.sum(dx, axis=axes, dtype=x.dtype)


_VARIATION = Op("TotalVariation", _variation)


@export("image.total_variation")
def total_variation(images, name=None):
    """Sum of absolute differences of neighbouring pixels, per image of a 4-D batch."""
    images = to_tensor(images)
    if images._rank() not in (3, 4):
        raise ValueError("'images' must be either 3 or 4-dimensional.")
    return execute(_VARIATION, (images,))


def _gradients(x):
    dy = jnp.pad(x[:, 1:] - x[:, :-1], ((0, 0), (0, 1), (0, 0), (0, 0)))
    dx = jnp.pad(x[:, :, 1:] - x[:, :, :-1], ((0, 0), (0, 0), (0, 1), (0, 0)))
    return dy, dx


_IMAGE_GRADIENTS = Op("ImageGradients", _gradients)


@export("image.image_gradients")
def image_gradients(image):
    """`(dy, dx)`: forward differences of a 4-D batch, zero in the last row / column."""
    image = to_tensor(image)
    shape = image._shape_tuple()
    if len(shape) != 4:
        raise ValueError("image_gradients expects a 4D tensor [batch_size, h, w, d], not "
                         f"{_shape_text(shape)}.")
    return execute(_IMAGE_GRADIENTS, (image,))


def _extract_patches(images, sizes, strides, rates, padding):
    batch, _, _, depth = images.shape
    patches = lax.conv_general_dilated_patches(
        images, sizes, strides, padding, rhs_dilation=rates,
        dimension_numbers=("NHWC", "OIHW", "NHWC"), precision=lax.Precision.HIGHEST)
    rows, cols = patches.shape[1:3]
    # JAX orders each patch (depth, row, col); TF orders it (row, col, depth).
    patches = patches.reshape(batch, rows, cols, depth, sizes[0] * sizes[1])
    return jnp.swapaxes(patches, 3, 4).reshape(batch, rows, cols, -1)


_EXTRACT_PATCHES = Op("ExtractImagePatches", _extract_patches)


@export("extract_image_patches", "image.extract_image_patches")
def extract_image_patches(images, ksizes=None, strides=None, rates=None, padding=None,
                          name=None, sizes=None):
    """`tf.image.extract_image_patches`: each `ksizes` patch of NHWC `images` (every
    `strides`, sampled every `rates`) flattened into the depth axis, row by row."""
    if sizes is not None:
        if ksizes is not None:
            raise ValueError("Cannot specify both 'sizes' and 'ksizes'.")
        ksizes = sizes
    x = to_tensor(images)
    op = _EXTRACT_PATCHES
    if x._rank() != 4:
        raise errors.invalid_argument(f"input must be 4-dimensional{list(x.shape)}", op.name)
    attrs = []
    for label, value in (("ksizes", ksizes), ("strides", strides), ("rates", rates)):
        value = [int(v) for v in value]
        if len(value) != 4 or value[0] != 1 or value[3] != 1:
            raise errors.invalid_argument(
                f"Only support {label} across space.", op.name)
        attrs.append(tuple(value[1:3]))
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"padding must be 'SAME' or 'VALID', got {padding!r}")
    return execute(op, (x,), (("sizes", attrs[0]), ("strides", attrs[1]),
                              ("rates", attrs[2]), ("padding", padding)))
