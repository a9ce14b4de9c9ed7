"""TensorFlow's file formats: protocol buffers, records, files."""
