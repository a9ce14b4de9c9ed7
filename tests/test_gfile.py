"""tf.gfile / tf.io.gfile on local paths: results and errors as TensorFlow gives them."""
import pytest

import tfeager_compat as tf

G = tf.gfile


@pytest.fixture
def root(tmp_path):
    d = tmp_path / "root"
    G.MakeDirs(str(d / "a" / "b"))
    with G.GFile(str(d / "f.txt"), "w") as f:
        f.write("hello\nworld\n")
    return str(d)


def test_names_are_shared_between_namespaces():
    assert tf.io.gfile.exists is G.Exists and tf.io.gfile.GFile is G.GFile is G.Open
    assert tf.io.gfile.rmtree is G.DeleteRecursively and tf.io.gfile.walk is G.Walk


def test_reading(root):
    path = root + "/f.txt"
    assert G.GFile(path).read() == "hello\nworld\n"
    assert G.GFile(path, "rb").read() == b"hello\nworld\n"
    assert G.GFile(path).readlines() == ["hello\n", "world\n"]
    assert list(G.GFile(path)) == ["hello\n", "world\n"]
    assert G.Open(path).size() == 12
    f = G.GFile(path)
    assert (f.read(3), f.tell(), f.readline(), f.name, f.mode) == ("hel", 3, "lo\n", path, "r")
    f.seek(0)
    assert f.read(2) == "he"
    f.close()
    assert G.FastGFile(path, "rb").read() == b"hello\nworld\n"


def test_writing(root):
    path = root + "/f.txt"
    with G.GFile(path, "a") as f:
        f.write(b"more")
    assert G.GFile(path).read() == "hello\nworld\nmore"
    lazy = G.GFile(root + "/never.txt", "w")  # opened on first use, as TF's
    lazy.close()
    assert not G.Exists(root + "/never.txt")


def test_directories(root):
    assert sorted(G.ListDirectory(root)) == ["a", "f.txt"]
    assert sorted(G.Glob(root + "/*")) == [root + "/a", root + "/f.txt"]
    assert G.Glob(root + "/zzz*") == []
    assert list(G.Walk(root)) == [(root, ["a"], ["f.txt"]), (root + "/a", ["b"], []),
                                  (root + "/a/b", [], [])]
    assert list(G.Walk(root + "/nope")) == []
    assert G.IsDirectory(root + "/a") and not G.IsDirectory(root + "/f.txt")
    assert G.MkDir(root + "/a") is None  # an existing directory is kept
    stat = G.Stat(root + "/f.txt")
    assert (stat.length, stat.is_directory, type(stat.mtime_nsec)) == (12, False, int)


def test_copy_rename_remove(root):
    f, g, h = root + "/f.txt", root + "/g.txt", root + "/h.txt"
    assert G.Copy(f, g) is None
    assert G.Rename(g, h, overwrite=True) is None and not G.Exists(g)
    assert G.Remove(h) is None and not G.Exists(h)
    assert G.DeleteRecursively(root + "/a") is None and not G.Exists(root + "/a")
    assert G.ListDirectory(root) == ["f.txt"]


@pytest.mark.parametrize("call, cls, message", [
    (lambda r: G.MkDir(r + "/x/y"), tf.errors.NotFoundError, "{r}/x/y; No such file or directory"),
    (lambda r: G.ListDirectory(r + "/nope"), tf.errors.NotFoundError,
     "Could not find directory {r}/nope"),
    (lambda r: G.ListDirectory(r + "/f.txt"), tf.errors.NotFoundError,
     "Could not find directory {r}/f.txt"),
    (lambda r: G.GFile(r + "/nope.txt").read(), tf.errors.NotFoundError,
     "{r}/nope.txt; No such file or directory"),
    (lambda r: G.GFile(r + "/nope/x.txt", "w").write("a"), tf.errors.NotFoundError,
     "{r}/nope/x.txt; No such file or directory"),
    (lambda r: G.Stat(r + "/nope"), tf.errors.NotFoundError, "{r}/nope; No such file or directory"),
    (lambda r: G.Copy(r + "/f.txt", r + "/f.txt"), tf.errors.AlreadyExistsError,
     "file already exists"),
    (lambda r: G.Copy(r + "/nope", r + "/h.txt"), tf.errors.NotFoundError,
     "{r}/nope; No such file or directory"),
    (lambda r: G.Rename(r + "/nope", r + "/f.txt"), tf.errors.AlreadyExistsError,
     "file already exists"),
    (lambda r: G.Remove(r + "/h.txt"), tf.errors.NotFoundError,
     "{r}/h.txt; No such file or directory"),
    (lambda r: G.Remove(r + "/a"), tf.errors.FailedPreconditionError, "{r}/a; Is a directory"),
    (lambda r: G.DeleteRecursively(r + "/nope"), tf.errors.NotFoundError, "{r}/nope not found"),
    (lambda r: G.MakeDirs(r + "/f.txt/z"), tf.errors.FailedPreconditionError,
     "{r}/f.txt is not a directory"),
    (lambda r: G.GFile(r + "/f.txt", "x"), tf.errors.InvalidArgumentError,
     "mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+'"),
    (lambda r: G.GFile(r + "/f.txt").write("x"), tf.errors.PermissionDeniedError,
     "File isn't open for writing"),
    (lambda r: G.GFile(r + "/f.txt", "w").read(), tf.errors.PermissionDeniedError,
     "File isn't open for reading"),
])
def test_errors(root, call, cls, message):
    with pytest.raises(cls) as info:
        call(root)
    assert str(info.value) == message.format(r=root)
    assert G.GFile(root + "/f.txt").read() == "hello\nworld\n"  # nothing changed
