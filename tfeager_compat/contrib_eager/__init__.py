"""`tf.contrib.eager` pieces of TF <= 1.6 kept for the programs of that era (`tfe.Network`)."""
