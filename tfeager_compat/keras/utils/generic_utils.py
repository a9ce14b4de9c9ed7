"""Keras' object (de)serialization helpers for layer configs, and the progress bar."""
import sys
import time

import numpy as np

from ...ops.registry import export


def serialize_keras_object(instance):
    """None, `{'class_name': ..., 'config': ...}` for objects with a config, else the name."""
    if instance is None:
        return None
    if hasattr(instance, "get_config"):
        return {"class_name": type(instance).__name__, "config": instance.get_config()}
    if hasattr(instance, "__name__"):
        return instance.__name__
    raise ValueError("Cannot serialize", instance)


@export("keras.utils.Progbar")
class Progbar:
    """Keras 2.2.4-tf's progress bar, character for character.

    verbose=1 redraws one line (`\\b`s and `\\r`, as TF does on POSIX) at most every
    `interval` seconds: `  3/10 [=====>........................] - ETA: 1s - loss: 0.5000`,
    ending with the elapsed time and time per unit; verbose=2 prints one line at the end:
    `10/10 - 1s - loss: 0.5000`. Values not in `stateful_metrics` are averaged over the
    units seen (weighted by how many each update added).
    """

    def __init__(self, target, width=30, verbose=1, interval=0.05, stateful_metrics=None,
                 unit_name="step"):
        self.target, self.width, self.verbose = target, width, verbose
        self.interval, self.unit_name = interval, unit_name
        self.stateful_metrics = set(stateful_metrics or ())
        self._total_width = 0
        self._seen_so_far = 0
        self._values = {}
        self._values_order = []
        self._start = time.time()
        self._last_update = 0

    def update(self, current, values=None):
        """Record `values` ((name, value) pairs) at unit `current` and redraw."""
        for k, v in values or ():
            if k not in self._values_order:
                self._values_order.append(k)
            if k not in self.stateful_metrics:
                added = current - self._seen_so_far
                if k not in self._values:
                    self._values[k] = [v * added, added]
                else:
                    self._values[k][0] += v * added
                    self._values[k][1] += added
            else:
                self._values[k] = [v, 1]
        self._seen_so_far = current
        now = time.time()
        info = " - %.0fs" % (now - self._start)
        if self.verbose == 1:
            if (now - self._last_update < self.interval and self.target is not None
                    and current < self.target):
                return
            previous_width = self._total_width
            sys.stdout.write("\b" * previous_width + "\r")
            if self.target is not None:
                digits = int(np.log10(self.target)) + 1
                bar = ("%" + str(digits) + "d/%d [") % (current, self.target)
                filled = int(self.width * float(current) / self.target)
                if filled > 0:
                    bar += "=" * (filled - 1) + (">" if current < self.target else "=")
                bar += "." * (self.width - filled) + "]"
            else:
                bar = "%7d/Unknown" % current
            self._total_width = len(bar)
            sys.stdout.write(bar)
            per_unit = (now - self._start) / current if current else 0
            if self.target is not None and current < self.target:
                eta = per_unit * (self.target - current)
                if eta > 3600:
                    eta_text = "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
                elif eta > 60:
                    eta_text = "%d:%02d" % (eta // 60, eta % 60)
                else:
                    eta_text = "%ds" % eta
                info = " - ETA: %s" % eta_text
            elif per_unit >= 1 or per_unit == 0:
                info += " %.0fs/%s" % (per_unit, self.unit_name)
            elif per_unit >= 1e-3:
                info += " %.0fms/%s" % (per_unit * 1e3, self.unit_name)
            else:
                info += " %.0fus/%s" % (per_unit * 1e6, self.unit_name)
            info += self._values_text(abs)
            self._total_width += len(info)
            if previous_width > self._total_width:
                info += " " * (previous_width - self._total_width)
            if self.target is not None and current >= self.target:
                info += "\n"
            sys.stdout.write(info)
            sys.stdout.flush()
        elif self.verbose == 2 and self.target is not None and current >= self.target:
            digits = int(np.log10(self.target)) + 1
            info = ("%" + str(digits) + "d/%d") % (current, self.target) + info
            sys.stdout.write(info + self._values_text(lambda x: x) + "\n")
            sys.stdout.flush()
        self._last_update = now

    def _values_text(self, magnitude):
        text = ""
        for k in self._values_order:
            total, count = self._values[k]
            average = np.mean(total / max(1, count))
            text += " - %s:" % k + (" %.4f" % average if magnitude(average) > 1e-3 else
                                    " %.4e" % average)
        return text

    def add(self, n, values=None):
        self.update(self._seen_so_far + n, values)
