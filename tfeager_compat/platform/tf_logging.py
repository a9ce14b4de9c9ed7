"""`tf.logging` as TF 1.15 has it: Python's `logging` under the logger named "tensorflow".

The logger gets its own stderr handler in `BASIC_FORMAT` ("INFO:tensorflow:message") unless
the root logger already has handlers (then records propagate to those only); in an
interactive interpreter it logs to stdout at INFO, as TF's did. Records carry the caller's
file and line, not this module's.
"""
import logging
import sys
import threading

from ..ops.registry import export

DEBUG, INFO, WARN, ERROR, FATAL = (logging.DEBUG, logging.INFO, logging.WARN, logging.ERROR,
                                   logging.FATAL)
for _name in ("DEBUG", "INFO", "WARN", "ERROR", "FATAL"):
    export(f"logging.{_name}")(globals()[_name])

_logger = None
_lock = threading.Lock()


@export("get_logger")
def get_logger():
    """The "tensorflow" logger, given TF's handler on first use (see the module docstring)."""
    global _logger
    with _lock:
        if _logger is None:
            logger = logging.getLogger("tensorflow")
            if not logging.getLogger().handlers:
                interactive = hasattr(sys, "ps1") or bool(sys.flags.interactive)
                if interactive:
                    logger.setLevel(INFO)
                handler = logging.StreamHandler(sys.stdout if interactive else sys.stderr)
                handler.setFormatter(logging.Formatter(logging.BASIC_FORMAT, None))
                logger.addHandler(handler)
            _logger = logger
    return _logger


def _log(level, msg, args, kwargs, depth=1):
    """Log for the caller `depth` frames above the public function."""
    get_logger().log(level, msg, *args, stacklevel=depth + 2, **kwargs)


@export("logging.log")
def log(level, msg, *args, **kwargs):
    _log(level, msg, args, kwargs)


@export("logging.debug")
def debug(msg, *args, **kwargs):
    _log(DEBUG, msg, args, kwargs)


@export("logging.info")
def info(msg, *args, **kwargs):
    _log(INFO, msg, args, kwargs)


@export("logging.warning")
def warning(msg, *args, **kwargs):
    _log(WARN, msg, args, kwargs)


@export("logging.warn")
def warn(msg, *args, **kwargs):
    _log(WARN, msg, args, kwargs)


@export("logging.error")
def error(msg, *args, **kwargs):
    _log(ERROR, msg, args, kwargs)


@export("logging.fatal")
def fatal(msg, *args, **kwargs):
    """Logs at FATAL (shown as CRITICAL); like TF's, it does not stop the program."""
    _log(FATAL, msg, args, kwargs)


@export("logging.vlog")
def vlog(level, msg, *args, **kwargs):
    _log(level, msg, args, kwargs)


@export("logging.TaskLevelStatusMessage")
def TaskLevelStatusMessage(msg):  # noqa: N802  (TF's name)
    """Logs `msg` as an error, as TF's does."""
    _log(ERROR, msg, (), {})


@export("logging.flush")
def flush():
    """TF's raises NotImplementedError (Python's handlers flush themselves)."""
    raise NotImplementedError()


@export("logging.log_if")
def log_if(level, msg, condition, *args):
    """Log `msg % args` when `condition` holds."""
    if condition:
        _log(level, msg, args, {})


_counts = {}


def _next_count():
    """TF's per-call-site counter. TF keys it on the first frame above the caller that lies in
    another file than the caller (the runner's frame for a script's own calls), so in practice
    every call of a script shares one counter; this keeps that behaviour."""
    frame = sys._getframe(2)  # the caller of log_every_n / log_first_n
    caller_file = frame.f_code.co_filename
    frame = frame.f_back
    while frame is not None and frame.f_code.co_filename == caller_file:
        frame = frame.f_back
    token = ("<unknown>", 0) if frame is None else (frame.f_code.co_filename, frame.f_lineno)
    count = _counts.get(token, -1) + 1
    _counts[token] = count
    return count


@export("logging.log_every_n")
def log_every_n(level, msg, n, *args):
    """Log on the 1st, (n+1)th, (2n+1)th... call (counted as TF counts, see `_next_count`)."""
    if not _next_count() % n:
        _log(level, msg, args, {})


@export("logging.log_first_n")
def log_first_n(level, msg, n, *args):
    """Log on the first `n` calls (counted as TF counts, see `_next_count`)."""
    if _next_count() < n:
        _log(level, msg, args, {})


@export("logging.get_verbosity")
def get_verbosity():
    """The logger's effective level (WARN until set)."""
    return get_logger().getEffectiveLevel()


@export("logging.set_verbosity")
def set_verbosity(v):
    get_logger().setLevel(v)
