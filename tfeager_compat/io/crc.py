"""CRC32C as TF's file formats use it: the C-backed `google-crc32c`, and TF's masking.

TF stores a *masked* checksum (rotated right by 15 bits plus a constant) wherever the data
checksummed may itself hold checksums: table blocks, records, tensor-bundle entries.
"""
import google_crc32c

_MASK_DELTA = 0xA282EAD8


def crc32c(data, crc=0):
    """The CRC32C of `data`, extending `crc`."""
    return google_crc32c.extend(crc, data)


def mask(crc):
    """TF's `crc32c::Mask`."""
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def unmask(masked):
    """TF's `crc32c::Unmask`."""
    rot = (masked - _MASK_DELTA) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF


def masked_crc32c(data):
    return mask(crc32c(data))
