"""tf.keras engine: lazy building, TF1 variable names, tracking, training=, summary, errors.

Expected names, texts and numbers were settled with TensorFlow (tf-keras under compat.v1);
where TF 1.15 differs (summary layout, dtype inference, message wording) TF 1.15's is used.
"""
import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.keras import backend


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()
    yield
    tf.keras.backend.clear_session()


class MyModel(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = tf.keras.layers.Dense(4)
        self.d2 = tf.keras.layers.Dense(2)
        self.cells = [tf.keras.layers.Dense(1) for _ in range(2)]

    def call(self, x, training=None):
        x = self.d2(self.d1(x))
        for cell in self.cells:
            x = cell(x)
        return x


class Outer(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.inner = MyModel()
        self.d = tf.keras.layers.Dense(2)

    def call(self, x):
        return self.d(self.inner(x))


def names(variables):
    return [v.name for v in variables]


def test_version_and_layer_names():
    assert tf.keras.__version__ == "2.2.4-tf"
    d = tf.keras.layers.Dense(3)
    assert (d.name, d.built, d.dtype) == ("dense", False, None)
    y = d(tf.ones([2, 4]))
    assert names(d.variables) == ["dense/kernel:0", "dense/bias:0"]
    assert (y.shape.as_list(), y.dtype, d.dtype) == ([2, 3], tf.float32, "float32")
    assert tf.keras.layers.Dense(2).name == "dense_1"
    assert tf.keras.layers.Dense(2, name="dense").name == "dense"


@pytest.mark.parametrize("cls, expected", [
    ("Dense", "dense"), ("Conv2D", "conv2d"), ("BatchNormalization", "batch_normalization"),
    ("ReLU", "re_lu"), ("LeakyReLU", "leaky_re_lu"), ("GlobalAveragePooling2D",
                                                      "global_average_pooling2d"),
    ("MyModel", "my_model"), ("_Private", "private__private")])
def test_snake_case_names(cls, expected):
    from tfeager_compat.keras.engine.base_layer import to_snake_case
    assert to_snake_case(cls) == expected


def test_float64_data_builds_float64_weights():
    d = tf.keras.layers.Dense(2, use_bias=False)
    out = d(np.ones([1, 3]))
    assert [(v.name, v.dtype) for v in d.variables] == [("dense/kernel:0", tf.float64)]
    assert out.dtype == tf.float64 and d.dtype == "float64"


def test_nested_model_variable_names_and_order():
    m = MyModel()
    m(tf.ones([2, 3]))
    expected = [f"my_model/dense{s}/{w}:0" for s in ("", "_1", "_2", "_3")
                for w in ("kernel", "bias")]
    assert names(m.variables) == expected
    assert names(m.trainable_variables) == expected and m.non_trainable_variables == []
    assert [layer.name for layer in m.layers] == ["dense", "dense_1", "dense_2", "dense_3"]
    o = Outer()
    o(tf.ones([2, 3]))
    assert names(o.variables) == [
        f"outer/my_model_1/dense_{i}/{w}:0" for i in (4, 5, 6, 7) for w in ("kernel", "bias")
    ] + ["outer/dense_8/kernel:0", "outer/dense_8/bias:0"]


def test_tracking_lists_dicts_setattr_and_later_appends():
    class M(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.a = tf.keras.layers.Dense(2)
            self.l = []
            self.l.append(tf.keras.layers.Dense(3))
            self.dd = {"x": tf.keras.layers.Dense(1)}
            setattr(self, "cell-%d" % 0, tf.keras.layers.Dense(4))

        def call(self, x):
            return self.dd["x"](getattr(self, "cell-0")(self.l[0](self.a(x))))

        def predict(self, x):
            return "mine"

    m = M()
    m(tf.ones([1, 2]))
    assert names(m.variables) == [f"m/dense{s}/{w}:0" for s in ("", "_1", "_2", "_3")
                                  for w in ("kernel", "bias")]
    assert [layer.name for layer in m.layers] == ["dense", "dense_1", "dense_2", "dense_3"]
    assert isinstance(m.l, list) and m.predict(1) == "mine"


def test_layer_lists_its_own_weights_first_and_model_its_sublayers_first():
    class L(tf.keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.sub = tf.keras.layers.Dense(2)

        def build(self, input_shape):
            assert isinstance(input_shape, tf.TensorShape) and input_shape.as_list() == [1, 3]
            self.w = self.add_weight("w", shape=(), initializer="ones")
            self.v = self.add_variable("v", shape=[2], initializer="zeros", trainable=False)

        def call(self, x):
            return self.sub(x) * self.w + self.v

    layer = L()
    layer(tf.ones([1, 3]))
    assert names(layer.weights) == ["l/w:0", "l/dense/kernel:0", "l/dense/bias:0", "l/v:0"]
    assert names(layer.non_trainable_weights) == ["l/v:0"]
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 4


def test_model_variables_are_cached_yet_follow_changes():
    m = MyModel()
    m(tf.ones([1, 3]))
    first = m.variables
    assert m.variables == first and m.variables is not first
    m.cells.append(tf.keras.layers.Dense(1))
    m(tf.ones([1, 3]))
    assert len(m.variables) == 10 and m.variables[-1].name == "my_model/dense_4/bias:0"
    m.extra = tf.Variable(1.0, name="extra")
    assert m.variables[-1].name == "extra:0"
    del m.extra
    assert len(m.variables) == 10


def test_training_is_passed_down_and_learning_phase_honoured():
    seen = []

    class Probe(tf.keras.layers.Layer):
        def call(self, x, training=None):
            seen.append(training)
            return x

    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.probe = Probe()

        def call(self, x, training=None):
            return self.probe(x)

    net = Net()
    net(tf.ones([1]))
    net(tf.ones([1]), training=True)
    net(tf.ones([1]), training=False)
    tf.keras.backend.set_learning_phase(1)
    net(tf.ones([1]))
    assert seen == [None, True, False, True]


def test_dropout_active_only_in_training():
    x = tf.ones([100, 10])
    drop = tf.keras.layers.Dropout(0.5)
    assert np.array_equal(drop(x).numpy(), x.numpy())
    trained = drop(x, training=True).numpy()
    assert set(np.unique(trained)) <= {0.0, 2.0} and 0 < (trained == 0).sum() < 1000
    with backend.learning_phase_scope(1):
        assert (drop(x).numpy() == 0).any()
    model = tf.keras.Sequential([tf.keras.layers.Dropout(0.5)])
    assert (model(x, training=True).numpy() == 0).any()
    assert np.array_equal(model(x).numpy(), x.numpy())


SUMMARY_STATIC = """\
Model: "sequential"
_________________________________________________________________
Layer (type)                 Output Shape              Param #   
=================================================================
dense (Dense)                (None, 4)                 16        
_________________________________________________________________
dense_1 (Dense)              (None, 2)                 10        
=================================================================
Total params: 26
Trainable params: 26
Non-trainable params: 0
_________________________________________________________________"""

SUMMARY_SUBCLASSED = """\
Model: "outer"
_________________________________________________________________
Layer (type)                 Output Shape              Param #   
=================================================================
my_model (MyModel)           multiple                  31        
_________________________________________________________________
dense_6 (Dense)              multiple                  4         
=================================================================
Total params: 35
Trainable params: 35
Non-trainable params: 0
_________________________________________________________________"""


def test_summary_texts():
    lines = []
    s = tf.keras.Sequential([tf.keras.layers.Dense(4, input_shape=(3,)),
                             tf.keras.layers.Dense(2)])
    assert names(s.variables) == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0",
                                  "dense_1/bias:0"]
    s.summary(print_fn=lines.append)
    assert "\n".join(lines) == SUMMARY_STATIC
    o = Outer()
    o(tf.ones([2, 3]))
    lines.clear()
    o.summary(print_fn=lines.append)
    assert "\n".join(lines) == SUMMARY_SUBCLASSED
    with pytest.raises(ValueError, match="This model has not yet been built"):
        Outer().summary()


def test_sequential_without_input_shape_builds_under_its_scope():
    s = tf.keras.Sequential()
    s.add(tf.keras.layers.Dense(4))
    s.add(tf.keras.layers.Dropout(0.5))
    assert not s.built and s.variables == []
    assert s(tf.ones([2, 5])).shape.as_list() == [2, 4]
    assert names(s.variables) == ["sequential/dense/kernel:0", "sequential/dense/bias:0"]
    assert [layer.name for layer in s.layers] == ["dense", "dropout"]
    lines = []
    s.summary(print_fn=lines.append)
    assert lines[4] == "dense (Dense)                multiple                  24        "
    s3 = tf.keras.Sequential([tf.keras.layers.Dense(4, input_dim=3, batch_size=7)])
    assert s3.layers[0].output_shape == (7, 4)
    s3.pop()
    assert s3.layers == []
    with pytest.raises(TypeError, match="The added layer must be an instance of class Layer"):
        s3.add(3)


def test_model_build_from_a_shape():
    m = MyModel()
    m.build((None, 3))
    assert m.built and names(m.variables)[:2] == ["dense/kernel:0", "dense/bias:0"]


def test_get_set_weights_and_their_errors():
    d = tf.keras.layers.Dense(3, kernel_initializer="ones",
                              bias_initializer=tf.constant_initializer(0.5))
    d(tf.ones([2, 4]))
    assert d(np.ones([1, 4])).numpy().tolist() == [[4.5, 4.5, 4.5]]
    with pytest.raises(ValueError) as e:
        d.set_weights([np.ones([4, 3])])
    assert str(e.value).startswith('You called `set_weights(weights)` on layer "dense" with a  '
                                   'weight list of length 1, but the layer was expecting 2 '
                                   'weights. Provided weights: [array([[1., 1., 1.],')
    with pytest.raises(ValueError, match=r"^Layer weight shape \(4, 3\) not compatible with "
                                         r"provided weight shape \(4, 2\)$"):
        d.set_weights([np.ones([4, 2]), np.ones([3])])
    assert d.get_weights()[1].tolist() == [0.5, 0.5, 0.5]  # nothing changed
    d.set_weights([np.zeros([4, 3]), np.arange(3.0)])
    assert d(np.ones([1, 4])).numpy().tolist() == [[0.0, 1.0, 2.0]]
    assert d.count_params() == 15
    with pytest.raises(ValueError, match="You tried to call `count_params` on layer, but the "
                                         "layer isn't built"):
        tf.keras.layers.Layer().count_params()


@pytest.mark.parametrize("x, message", [
    (np.ones([2, 5], np.float32), "Input 0 of layer dense is incompatible with the layer: "
     "expected axis -1 of input shape to have value 4 but received input with shape (2, 5)"),
    (np.ones([4], np.float32), "Input 0 of layer dense is incompatible with the layer: : "
     "expected min_ndim=2, found ndim=1. Full shape received: [4]"),
])
def test_input_spec_errors(x, message):
    d = tf.keras.layers.Dense(3)
    d(tf.ones([2, 4]))
    with pytest.raises(ValueError) as e:
        d(x)
    assert str(e.value) == message


def test_constructor_and_build_errors():
    with pytest.raises(TypeError) as e:
        tf.keras.layers.Dense(2, foo=1)
    assert e.value.args == ("Keyword argument not understood:", "foo")
    with pytest.raises(TypeError, match="Unable to build `Dense` layer with non-floating point "
                                        "dtype <dtype: 'int32'>"):
        tf.keras.layers.Dense(2)(tf.ones([1, 3], dtype=tf.int32))

    class Forgetful(tf.keras.Model):
        def __init__(self):
            self.d = tf.keras.layers.Dense(1)

    with pytest.raises(RuntimeError, match="forgot to call `super"):
        Forgetful()


def test_losses_from_regularizers_and_add_loss():
    r = tf.keras.layers.Dense(2, kernel_regularizer=tf.keras.regularizers.l2(0.1),
                              kernel_initializer="ones")
    r(tf.ones([1, 2]))
    assert [round(float(x), 6) for x in r.losses] == [0.4]
    layer = tf.keras.layers.Layer()
    with pytest.raises(ValueError, match="Expected a symbolic Tensors or a callable"):
        layer.add_loss(tf.constant(2.0))

    class WithLoss(tf.keras.layers.Layer):
        def call(self, x):
            self.add_loss(tf.reduce_sum(x))
            return x

    w = WithLoss()
    w(tf.ones([3]))
    assert [float(x) for x in w.losses] == [3.0]
    w(tf.ones([2]))
    assert [float(x) for x in w.losses] == [2.0]  # a new top-level call clears them
    layer.add_loss(lambda: tf.constant(5.0))
    assert [float(x) for x in layer.losses] == [5.0] and layer.updates == []


def test_config_round_trip():
    d = tf.keras.layers.Dense(3, activation="relu", kernel_initializer="ones")
    config = d.get_config()
    assert config == {
        "name": "dense", "trainable": True, "dtype": None, "units": 3, "activation": "relu",
        "use_bias": True, "kernel_initializer": {"class_name": "Ones",
                                                 "config": {"dtype": "float32"}},
        "bias_initializer": {"class_name": "Zeros", "config": {"dtype": "float32"}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None}
    clone = tf.keras.layers.Dense.from_config(config)
    assert clone.units == 3 and clone.activation is tf.keras.activations.relu


def test_training_a_model_under_a_tape_is_one_compiled_step():
    from tfeager_compat.autodiff import graph
    model = tf.keras.Sequential([tf.keras.layers.Dense(8, activation="relu", input_shape=(4,)),
                                 tf.keras.layers.Dense(1)])
    x = tf.constant(np.linspace(-1, 1, 32 * 4, dtype=np.float32).reshape(32, 4))
    y = tf.reduce_sum(x, axis=1, keepdims=True)
    opt = tf.train.GradientDescentOptimizer(0.1)
    losses = []
    for step in range(6):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        if step == 2:
            compiled = graph.STATS["gradient_compilations"]
        losses.append(float(loss))
    assert graph.STATS["gradient_compilations"] == compiled
    assert losses[-1] < 0.5 * losses[0]
