"""tf.keras.Model subclassing: attribute tracking and __call__."""
import tfeager_compat as tf


class Affine(tf.keras.Model):
    def __init__(self):
        super(Affine, self).__init__()
        self.W = tf.Variable(5., name="weight")
        self.B = tf.Variable(10., name="bias")

    def call(self, inputs):
        return inputs * self.W + self.B


class Stack(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.first = Affine()
        self.scale = tf.Variable(2.0, name="scale")
        self.frozen = tf.Variable(0.5, trainable=False, name="frozen")
        self.blocks = [Affine(), Affine()]

    def call(self, inputs, training=False):
        x = self.first(inputs)
        for block in self.blocks:
            x = block(x)
        return x * self.scale if training else x


def test_variables_are_tracked_in_assignment_order():
    model = Affine()
    assert [v.name for v in model.variables] == ["weight:0", "bias:0"]
    assert model.trainable_variables == model.variables == model.weights
    assert model(tf.constant([1.0, 2.0])).numpy().tolist() == [15.0, 20.0]


def test_sub_layers_lists_and_trainability():
    model = Stack()
    names = [v.name for v in model.variables]
    assert names == ["weight:0", "bias:0", "weight:0", "bias:0", "weight:0", "bias:0",
                     "scale:0", "frozen:0"]  # as TensorFlow orders them
    assert [v.name for v in model.trainable_variables] == names[:-1]
    assert [v.name for v in model.non_trainable_variables] == ["frozen:0"]
    assert len({layer.name for layer in model.layers}) == 3
    x = tf.constant([1.0])
    assert model(x).numpy().tolist() == [5.0 * (5.0 * 15.0 + 10.0) + 10.0]
    assert model(x, training=True).numpy().tolist() == [2.0 * 435.0]


def test_layers_are_named_by_class_and_made_unique():
    class UniquelyNamedBlock(tf.keras.layers.Layer):
        pass
    names = [UniquelyNamedBlock().name for _ in range(3)]
    assert names == ["uniquely_named_block", "uniquely_named_block_1", "uniquely_named_block_2"]
    assert UniquelyNamedBlock(name="custom").name == "custom"


def test_gradient_through_a_model():
    model = Affine()
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(tf.constant([1.0, 2.0])) - 1.0))
    grads = tape.gradient(loss, model.trainable_variables)
    # d/dW mean((5x+10-1)^2) = mean(2(5x+9)x) = (14*1*2 + 19*2*2)/2 ; d/dB = mean(2(5x+9))
    assert [g.numpy() for g in grads] == [52.0, 33.0]


def test_call_without_training_argument_ignores_it():
    assert Affine()(tf.constant(1.0), training=True).numpy() == 15.0


def test_random_ops_are_reproducible_with_a_graph_seed():
    tf.set_random_seed(1234)
    a = tf.random_normal([3]).numpy().tolist()
    b = tf.random_uniform([2], maxval=10, dtype=tf.int32).numpy().tolist()
    tf.random.set_random_seed(1234)
    assert tf.random.normal([3]).numpy().tolist() == a
    assert tf.random.uniform([2], maxval=10, dtype=tf.int32).numpy().tolist() == b
    assert tf.random_normal([3]).numpy().tolist() != a
    assert tf.random_normal([2], seed=7).dtype == tf.float32
    sample = tf.random_uniform([1000], minval=2.0, maxval=3.0)
    assert 2.0 <= float(tf.reduce_min(sample)) and float(tf.reduce_max(sample)) < 3.0
    normal = tf.random_normal([4000], mean=1.0, stddev=2.0, dtype=tf.float64)
    assert normal.dtype == tf.float64
    assert abs(float(tf.reduce_mean(normal)) - 1.0) < 0.15


def test_integer_uniform_needs_maxval():
    import pytest
    with pytest.raises(ValueError, match="Must specify maxval for integer dtype tf.int32"):
        tf.random_uniform([2], dtype=tf.int32)
