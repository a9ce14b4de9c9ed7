"""What TF1 programs call at their top and bottom: tf.app, tf.flags, tf.logging, tf.test,
tf.compat, tf.sysconfig and tf.version."""
