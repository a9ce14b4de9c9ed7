"""Compiled functions, as TF's `python/eager` has them: `tf.function` / `tfe.defun`
(function.py), the tracing that stages a Python function into one XLA program with its
Variables lifted (trace.py), and AutoGraph's conversion of Python control flow over tensors
(autograph.py)."""
