"""`tf.sysconfig` and `tf.version`: TF 1.15's build constants, and paths of this package.

There is no TensorFlow C++ library behind the shim, so custom ops cannot be compiled or
loaded: `get_include()` and `get_lib()` name directories of tfeager_compat (the include
directory does not exist) so that build scripts that only print them still run.
"""
import os

from ..ops.registry import export

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_CONSTANTS = {  # TF 1.15.0's values (its pip package)
    "GIT_VERSION": "v1.15.0-rc3-22-g590d6eef7e",
    "COMPILER_VERSION": "7.3.1 20180303",
    "GRAPH_DEF_VERSION": 134,
    "GRAPH_DEF_VERSION_MIN_CONSUMER": 0,
    "GRAPH_DEF_VERSION_MIN_PRODUCER": 0,
}
for _name, _value in _CONSTANTS.items():
    export(_name, f"version.{_name}")(_value)
export("version.VERSION")("1.15.0")
export("CXX11_ABI_FLAG", "sysconfig.CXX11_ABI_FLAG", "__cxx11_abi_flag__")(0)
export("MONOLITHIC_BUILD", "sysconfig.MONOLITHIC_BUILD", "__monolithic_build__")(0)
export("__git_version__")(_CONSTANTS["GIT_VERSION"])
export("__compiler_version__")(_CONSTANTS["COMPILER_VERSION"])


@export("sysconfig.get_include")
def get_include():
    """Where TF's C++ headers would be: `tfeager_compat/include` (absent: no C++ API)."""
    return os.path.join(_PACKAGE, "include")


@export("sysconfig.get_lib")
def get_lib():
    """The directory of the tfeager_compat package (it holds no TF framework library)."""
    return _PACKAGE


@export("sysconfig.get_compile_flags")
def get_compile_flags():
    """TF 1.15's compile flags, with the include path above."""
    return [f"-I{get_include()}", "-D_GLIBCXX_USE_CXX11_ABI=0"]


@export("sysconfig.get_link_flags")
def get_link_flags():
    """The library path above; there is no libtensorflow_framework to link."""
    return [f"-L{get_lib()}"]
