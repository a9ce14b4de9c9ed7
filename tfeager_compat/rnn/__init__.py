"""Recurrent loops (one `lax.scan` per loop) and TF1's `tf.nn.rnn_cell` / `tf.nn.*_rnn`."""
