"""`tf.io.gfile` and TF1's `tf.gfile` on local paths, with TF's errors.

A failed call raises the `tf.errors` class TF maps the OS error to, worded as TF words it
(`<path>; No such file or directory` is a NotFoundError). `GFile` opens its file lazily, as
TF's does: a missing file fails at the first read, a missing directory at the first write.
Reads in "r" mode return str, in "rb" bytes; writes take either.
"""
import errno as _errno
import fnmatch
import os
import shutil

from ..framework import errors
from ..ops.registry import export

_BY_ERRNO = {
    _errno.ENOENT: errors.NotFoundError, _errno.EEXIST: errors.AlreadyExistsError,
    _errno.ENOTDIR: errors.FailedPreconditionError, _errno.EISDIR: errors.FailedPreconditionError,
    _errno.ENOTEMPTY: errors.FailedPreconditionError, _errno.EPERM: errors.PermissionDeniedError,
    _errno.EACCES: errors.PermissionDeniedError, _errno.EROFS: errors.PermissionDeniedError,
    _errno.ENOSPC: errors.ResourceExhaustedError, _errno.EINVAL: errors.InvalidArgumentError,
    _errno.ENAMETOOLONG: errors.InvalidArgumentError,
}


def _path(name):
    return os.fsdecode(name)


def _os_error(exc, path):
    """TF's error for an OSError on `path` (its IOError(context, errno) wording)."""
    cls = _BY_ERRNO.get(exc.errno, errors.UnknownError)
    return cls(None, None, f"{path}; {os.strerror(exc.errno) if exc.errno else exc}")


def _error(cls, message):
    return cls(None, None, message)


# ---- files -----------------------------------------------------------------------------------
@export("io.gfile.GFile", "gfile.GFile", "gfile.Open")
class GFile:
    """A file on the local file system, opened on first use (TF's `GFile`)."""

    def __init__(self, name, mode="r"):
        self._name = _path(name)
        self._mode = mode
        if mode.replace("b", "") not in ("r", "w", "a", "r+", "w+", "a+"):
            raise _error(errors.InvalidArgumentError,
                         "mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+'")
        self._binary = "b" in mode
        self._read_check = "r" in mode or "+" in mode
        self._write_check = "w" in mode or "a" in mode or "+" in mode
        self._file = None

    @property
    def name(self):
        return self._name

    @property
    def mode(self):
        return self._mode

    def _open(self):
        if self._file is None:
            try:
                self._file = open(self._name, self._mode.replace("b", "") + "b")
            except OSError as e:
                raise _os_error(e, self._name) from None
        return self._file

    def _reader(self):
        if not self._read_check:
            raise _error(errors.PermissionDeniedError, "File isn't open for reading")
        return self._open()

    def _text(self, data):
        return data if self._binary else data.decode("utf-8")

    def size(self):
        """The file's length in bytes."""
        return stat(self._name).length

    def read(self, n=-1):
        """`n` bytes (all that is left by default), as str in text mode."""
        return self._text(self._reader().read(-1 if n is None or n < 0 else n))

    def readline(self):
        return self._text(self._reader().readline())

    def readlines(self):
        return [self._text(line) for line in self._reader().readlines()]

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    next = __next__

    def seek(self, offset=None, whence=0, position=None):
        """Move to `offset` (or the deprecated `position`) relative to `whence`."""
        if position is not None:
            offset = position
        self._open().seek(offset, whence)

    def tell(self):
        return self._open().tell()

    def write(self, file_content):
        if not self._write_check:
            raise _error(errors.PermissionDeniedError, "File isn't open for writing")
        data = file_content.encode("utf-8") if isinstance(file_content, str) else \
            bytes(file_content)
        self._open().write(data)

    def flush(self):
        if self._file is not None:
            self._file.flush()

    def close(self):
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@export("gfile.FastGFile")
class FastGFile(GFile):
    """TF1's `FastGFile`: the same as `GFile` here."""


# ---- paths -----------------------------------------------------------------------------------
@export("io.gfile.exists", "gfile.Exists")
def exists(path):
    """Whether `path` exists."""
    return os.path.exists(_path(path))


@export("io.gfile.isdir", "gfile.IsDirectory")
def isdir(path):
    return os.path.isdir(_path(path))


@export("io.gfile.mkdir", "gfile.MkDir")
def mkdir(path):
    """Create the directory `path` (its parent must exist; an existing one is kept)."""
    path = _path(path)
    try:
        os.mkdir(path)
    except FileExistsError:
        if not os.path.isdir(path):
            raise _error(errors.FailedPreconditionError, f"{path} is not a directory") from None
    except OSError as e:
        raise _os_error(e, path) from None


@export("io.gfile.makedirs", "gfile.MakeDirs")
def makedirs(path):
    """Create `path` and the directories above it that are missing."""
    path = _path(path)
    parent = os.path.dirname(path.rstrip("/"))
    if parent and not os.path.isdir(parent):
        if os.path.exists(parent):
            raise _error(errors.FailedPreconditionError, f"{parent} is not a directory")
        makedirs(parent)
    mkdir(path)


@export("io.gfile.listdir", "gfile.ListDirectory")
def listdir(path):
    """The names in the directory `path` (not `.` and `..`)."""
    path = _path(path)
    if not os.path.isdir(path):
        raise _error(errors.NotFoundError, f"Could not find directory {path}")
    try:
        return os.listdir(path)
    except OSError as e:
        raise _os_error(e, path) from None


@export("io.gfile.walk", "gfile.Walk")
def walk(top, topdown=True, onerror=None):
    """`(dirname, subdirs, files)` for `top` and each directory below it; nothing for a
    missing `top`."""
    top = _path(top)
    try:
        names = listdir(top)
    except errors.NotFoundError as e:
        if onerror is not None:
            onerror(e)
        return
    subdirs = [n for n in names if os.path.isdir(os.path.join(top, n))]
    files = [n for n in names if n not in subdirs]
    if topdown:
        yield top, subdirs, files
    for subdir in subdirs:
        yield from walk(os.path.join(top, subdir), topdown, onerror)
    if not topdown:
        yield top, subdirs, files


@export("io.gfile.glob", "gfile.Glob")
def glob(pattern):
    """The paths matching `pattern` (`*`, `?`, `[...]` within one path component; hidden
    files match too, as in TF), sorted."""
    patterns = [pattern] if isinstance(pattern, (str, bytes)) else list(pattern)
    found = set()
    for p in patterns:
        found.update(_glob(_path(p)))
    return sorted(found)


def _glob(pattern):
    parts = pattern.split("/")
    fixed = 0
    while fixed < len(parts) and not any(c in parts[fixed] for c in "*?["):
        fixed += 1
    if fixed == len(parts):
        return [pattern] if os.path.exists(pattern) else []
    matches = ["/".join(parts[:fixed])]
    for k in range(fixed, len(parts)):
        nxt = []
        for base in matches:
            directory = base or "."
            if not os.path.isdir(directory):
                continue
            for name in fnmatch.filter(os.listdir(directory), parts[k]):
                nxt.append(f"{base}/{name}" if base or k else name)
        matches = nxt
    return matches


@export("io.gfile.remove", "gfile.Remove")
def remove(path):
    """Delete the file `path`."""
    path = _path(path)
    if os.path.isdir(path):
        raise _error(errors.FailedPreconditionError, f"{path}; Is a directory")
    try:
        os.remove(path)
    except OSError as e:
        raise _os_error(e, path) from None


@export("io.gfile.rmtree", "gfile.DeleteRecursively")
def rmtree(path):
    """Delete the directory `path` and everything in it."""
    path = _path(path)
    if not os.path.exists(path):
        raise _error(errors.NotFoundError, f"{path} not found")
    try:
        if os.path.isdir(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
    except OSError as e:
        raise _os_error(e, path) from None


def _check_target(oldpath, newpath, overwrite):
    if not overwrite and os.path.exists(newpath):
        raise _error(errors.AlreadyExistsError, "file already exists")
    if not os.path.exists(oldpath):
        raise _error(errors.NotFoundError, f"{oldpath}; No such file or directory")


@export("io.gfile.copy", "gfile.Copy")
def copy(oldpath, newpath, overwrite=False):
    """Copy the file `oldpath` to `newpath` (AlreadyExistsError if it exists, unless
    `overwrite`)."""
    oldpath, newpath = _path(oldpath), _path(newpath)
    _check_target(oldpath, newpath, overwrite)
    try:
        shutil.copyfile(oldpath, newpath)
    except OSError as e:
        raise _os_error(e, newpath) from None


@export("io.gfile.rename", "gfile.Rename")
def rename(oldname, newname, overwrite=False):
    """Move `oldname` to `newname` (AlreadyExistsError if it exists, unless `overwrite`)."""
    oldname, newname = _path(oldname), _path(newname)
    _check_target(oldname, newname, overwrite)
    try:
        os.replace(oldname, newname)
    except OSError as e:
        raise _os_error(e, oldname) from None


class FileStatistics:
    """What `stat` returns: `length` (bytes), `mtime_nsec`, `is_directory`."""

    def __init__(self, length, mtime_nsec, is_directory):
        self.length = length
        self.mtime_nsec = mtime_nsec
        self.is_directory = is_directory


@export("io.gfile.stat", "gfile.Stat")
def stat(path):
    path = _path(path)
    try:
        info = os.stat(path)
    except OSError as e:
        raise _os_error(e, path) from None
    return FileStatistics(info.st_size, info.st_mtime_ns, os.path.isdir(path))
