"""Argument checks and output-length rules shared by the convolution and pooling layers
(TF 1.15's `keras/utils/conv_utils.py`: the same rules and error text)."""
from .. import backend


def normalize_tuple(value, n, name):
    """An int, or an iterable of `n` ints, as a tuple of `n` ints."""
    if isinstance(value, int):
        return (value,) * n
    message = f"The `{name}` argument must be a tuple of {n} integers. Received: {value}"
    try:
        items = tuple(value)
    except TypeError:
        raise ValueError(message) from None
    if len(items) != n:
        raise ValueError(message)
    for item in items:
        try:
            int(item)
        except (ValueError, TypeError):
            raise ValueError(f"{message} including element {item} of type "
                             f"{type(item)}") from None
    return items


def normalize_padding(value):
    """'valid', 'same' or 'causal' (any case); a list or tuple is returned as is."""
    if isinstance(value, (list, tuple)):
        return value
    padding = value.lower()
    if padding not in {"valid", "same", "causal"}:
        raise ValueError("The `padding` argument must be a list/tuple or one of "
                         "\"valid\", \"same\" (or \"causal\", only for `Conv1D). "
                         f"Received: {padding}")
    return padding


def normalize_data_format(value):
    """'channels_first' or 'channels_last'; None means `image_data_format()`."""
    value = backend.image_data_format() if value is None else value
    data_format = value.lower()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError("The `data_format` argument must be one of \"channels_first\", "
                         f"\"channels_last\". Received: {value}")
    return data_format


def convert_data_format(data_format, ndim):
    """The op table's layout string ('NHWC', 'NCW', ...) for a Keras data format."""
    spatial = "DHW"[5 - ndim:]
    if data_format == "channels_last":
        return "N" + spatial + "C"
    if data_format == "channels_first":
        return "NC" + spatial
    raise ValueError(f"Invalid data_format: {data_format}")


def conv_output_length(input_length, filter_size, padding, stride, dilation=1):
    """The length a convolution or pooling window leaves of `input_length`."""
    if input_length is None:
        return None
    dilated = filter_size + (filter_size - 1) * (dilation - 1)
    if padding in ("same", "causal"):
        length = input_length
    elif padding == "valid":
        length = input_length - dilated + 1
    else:  # "full"
        length = input_length + dilated - 1
    return (length + stride - 1) // stride


def deconv_output_length(input_length, filter_size, padding, output_padding=None, stride=0,
                         dilation=1):
    """The length a transposed convolution produces from `input_length`."""
    if input_length is None:
        return None
    filter_size = filter_size + (filter_size - 1) * (dilation - 1)
    if output_padding is None:
        if padding == "valid":
            return input_length * stride + max(filter_size - stride, 0)
        if padding == "full":
            return input_length * stride - (stride + filter_size - 2)
        return input_length * stride
    pad = {"same": filter_size // 2, "valid": 0, "full": filter_size - 1}[padding]
    return (input_length - 1) * stride + filter_size - 2 * pad + output_padding
