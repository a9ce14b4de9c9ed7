"""The Keras engine: Layer, Model, Sequential, InputLayer, InputSpec."""
