"""TF1's initializers: names, defaults, configs, errors (TF 1.15) and the statistics of draws."""
import math

import numpy as np
import pytest

import tfeager_compat as tf


@pytest.mark.parametrize("name, config", [
    ("zeros_initializer", {"dtype": "float32"}),
    ("ones_initializer", {"dtype": "float32"}),
    ("constant_initializer", {"value": 0, "dtype": "float32"}),
    ("random_normal_initializer", {"mean": 0.0, "stddev": 1.0, "seed": None, "dtype": "float32"}),
    ("random_uniform_initializer",
     {"minval": 0.0, "maxval": None, "seed": None, "dtype": "float32"}),
    ("truncated_normal_initializer",
     {"mean": 0.0, "stddev": 1.0, "seed": None, "dtype": "float32"}),
    ("uniform_unit_scaling_initializer", {"factor": 1.0, "seed": None, "dtype": "float32"}),
    ("variance_scaling_initializer", {"scale": 1.0, "mode": "fan_in",
                                      "distribution": "truncated_normal", "seed": None,
                                      "dtype": "float32"}),
    ("glorot_uniform_initializer", {"seed": None, "dtype": "float32"}),
    ("glorot_normal_initializer", {"seed": None, "dtype": "float32"}),
    ("orthogonal_initializer", {"gain": 1.0, "seed": None, "dtype": "float32"}),
    ("initializers.identity", {"gain": 1.0, "dtype": "float32"}),
    ("keras.initializers.RandomNormal",
     {"mean": 0.0, "stddev": 0.05, "seed": None, "dtype": "float32"}),
    ("keras.initializers.uniform",
     {"minval": -0.05, "maxval": 0.05, "seed": None, "dtype": "float32"}),
    ("keras.initializers.truncated_normal",
     {"mean": 0.0, "stddev": 0.05, "seed": None, "dtype": "float32"}),
    ("initializers.he_uniform", {"scale": 2.0, "mode": "fan_in", "distribution": "uniform",
                                 "seed": None, "dtype": "float32"}),
    ("keras.initializers.lecun_normal",
     {"scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal", "seed": None,
      "dtype": "float32"}),
])
def test_default_configs(name, config):
    obj = tf
    for part in name.split("."):
        obj = getattr(obj, part)
    init = obj()
    assert init.get_config() == config
    assert type(init).from_config(init.get_config()).get_config() == config


@pytest.mark.parametrize("names, cls", [
    (["zeros_initializer", "initializers.zeros", "keras.initializers.Zeros",
      "keras.initializers.zeros"], "Zeros"),
    (["glorot_uniform_initializer", "initializers.glorot_uniform",
      "keras.initializers.glorot_uniform"], "GlorotUniform"),
    (["keras.initializers.RandomNormal", "keras.initializers.normal",
      "keras.initializers.random_normal"], "RandomNormal"),
    (["orthogonal_initializer", "keras.initializers.Orthogonal"], "Orthogonal"),
])
def test_one_object_under_all_its_names(names, cls):
    objects = []
    for name in names:
        obj = tf
        for part in name.split("."):
            obj = getattr(obj, part)
        objects.append(obj)
    assert all(o is objects[0] for o in objects) and objects[0].__name__ == cls


@pytest.mark.parametrize("init, shape, dtype, expected, out_dtype", [
    (tf.zeros_initializer(), [2, 3], None, np.zeros((2, 3)), tf.float32),
    (tf.zeros_initializer(dtype=tf.int32), [2], None, [0, 0], tf.int32),
    (tf.zeros_initializer(), [2], tf.int64, [0, 0], tf.int64),
    (tf.zeros_initializer(), [2], "float64", [0, 0], tf.float64),
    (tf.ones_initializer(), [2], tf.bool, [True, True], tf.bool),
    (tf.ones_initializer(), (), None, 1.0, tf.float32),
    (tf.constant_initializer([1, 2, 3, 4]), [2, 2], None, [[1., 2.], [3., 4.]], tf.float32),
    (tf.constant_initializer(3), [2, 2], tf.int32, [[3, 3], [3, 3]], tf.int32),
    (tf.constant_initializer(np.array([1.5, 2])), [2], None, [1.5, 2.], tf.float32),
    (tf.initializers.identity(), [3, 3], None, np.eye(3), tf.float32),
    (tf.initializers.identity(gain=2.), [2, 3], None, [[2., 0., 0.], [0., 2., 0.]], tf.float32),
    (tf.keras.initializers.Ones(), [2], "int32", [1, 1], tf.int32),
    (tf.glorot_uniform_initializer(), [0, 3], None, np.zeros((0, 3)), tf.float32),
])
def test_deterministic_values(init, shape, dtype, expected, out_dtype):
    value = init(shape, dtype=dtype)
    assert value.dtype == out_dtype
    np.testing.assert_array_equal(value.numpy(), expected)


@pytest.mark.parametrize("make, message, error", [
    (lambda: tf.variance_scaling_initializer(scale=0), "`scale` must be positive float.",
     ValueError),
    (lambda: tf.variance_scaling_initializer(mode="foo"),
     "('Invalid `mode` argument:', 'foo')", ValueError),
    (lambda: tf.variance_scaling_initializer(distribution="foo"),
     "('Invalid `distribution` argument:', 'foo')", ValueError),
    (lambda: tf.random_normal_initializer(dtype=tf.int32),
     "Expected floating point type, got <dtype: 'int32'>.", ValueError),
    (lambda: tf.truncated_normal_initializer(dtype=tf.int32),
     "Expected floating point type, got <dtype: 'int32'>.", ValueError),
    (lambda: tf.orthogonal_initializer(dtype=tf.int32),
     "Expected floating point type, got <dtype: 'int32'>.", ValueError),
    (lambda: tf.random_uniform_initializer(dtype=tf.int32)([2]),
     "Must specify maxval for integer dtype tf.int32", ValueError),
    (lambda: tf.constant_initializer({"a": 1}),
     "Invalid type for initial value: <class 'dict'> (expected Python scalar, list or tuple "
     "of values, or numpy.ndarray).", TypeError),
    (lambda: tf.constant_initializer(None),
     "Invalid type for initial value: <class 'NoneType'> (expected Python scalar, list or "
     "tuple of values, or numpy.ndarray).", TypeError),
    (lambda: tf.constant_initializer([1, 2, 3, 4], verify_shape=True)([2, 2]),
     "Expected Tensor's shape: (2, 2), got (4,).", TypeError),
    (lambda: tf.initializers.identity()([2, 3, 4]),
     "Identity matrix initializer can only be used for 2D matrices.", ValueError),
    (lambda: tf.orthogonal_initializer()([3]),
     "The tensor to initialize must be at least two-dimensional", ValueError),
    (lambda: tf.keras.initializers.get(5), "Could not interpret initializer identifier: 5",
     ValueError),
    (lambda: tf.keras.initializers.get("foo"), "Unknown initializer:foo", ValueError),
    (lambda: tf.keras.initializers.get({"class_name": "Foo", "config": {}}),
     "Unknown initializer: Foo", ValueError),
    (lambda: tf.contrib.layers.variance_scaling_initializer(mode="fan_in"),
     "Unknown mode fan_in [FAN_IN, FAN_OUT, FAN_AVG]", TypeError),
    (lambda: tf.contrib.layers.xavier_initializer(dtype=tf.int32),
     "Cannot create initializer for non-floating point type.", TypeError),
])
def test_errors(make, message, error):
    with pytest.raises(error) as info:
        make()
    assert str(info.value) == message


# (initializer, shape, expected mean, expected std, bound): the statistics TF's docs state.
_LIMIT = math.sqrt(6 / 500)
_STATS = [
    (tf.glorot_uniform_initializer(seed=1), (200, 300), 0., _LIMIT / math.sqrt(3), _LIMIT),
    (tf.glorot_normal_initializer(seed=1), (200, 300), 0., math.sqrt(2 / 500),
     2 * math.sqrt(2 / 500) / 0.87962566103423978),
    (tf.initializers.he_normal(seed=1), (3, 3, 64, 32), 0., math.sqrt(2 / 576),
     2 * math.sqrt(2 / 576) / 0.87962566103423978),
    (tf.initializers.lecun_uniform(seed=1), (400, 100), 0., math.sqrt(1 / 400),
     math.sqrt(3 / 400)),
    (tf.variance_scaling_initializer(2., "fan_out", "untruncated_normal", seed=1), (200, 300),
     0., math.sqrt(2 / 300), None),
    (tf.variance_scaling_initializer(3., "fan_avg", "normal", seed=1), (200, 300),
     0., math.sqrt(3 / 250), 2 * math.sqrt(3 / 250) / 0.87962566103423978),
    (tf.random_normal_initializer(1., 2., seed=4), (300, 200), 1., 2., None),
    (tf.truncated_normal_initializer(0., 2., seed=4), (300, 200), 0., 2 * 0.87962566103423978,
     4.),
    (tf.random_uniform_initializer(-3., 1., seed=4), (300, 200), -1., 4 / math.sqrt(12), 3.),
    (tf.keras.initializers.RandomUniform(seed=4), (300, 200), 0., 0.1 / math.sqrt(12), 0.05),
    (tf.uniform_unit_scaling_initializer(2., seed=4), (300, 200), 0., 2 / math.sqrt(300), 0.2),
    (tf.contrib.layers.xavier_initializer(seed=2), (200, 300), 0., _LIMIT / math.sqrt(3),
     _LIMIT),
    (tf.contrib.layers.xavier_initializer(uniform=False, seed=2), (200, 300), 0.,
     math.sqrt(1.3 / 250) * 0.87962566103423978, 2 * math.sqrt(1.3 / 250)),
    (tf.contrib.layers.variance_scaling_initializer(seed=2), (200, 300), 0.,
     math.sqrt(1.3 * 2 / 200) * 0.87962566103423978, 2 * math.sqrt(1.3 * 2 / 200)),
    (tf.contrib.layers.variance_scaling_initializer(1., "FAN_OUT", True, seed=2), (200, 300), 0.,
     math.sqrt(1 / 300), math.sqrt(3 / 300)),
]


@pytest.mark.parametrize("init, shape, mean, std, bound", _STATS)
def test_seeded_draw_statistics(init, shape, mean, std, bound):
    value = init(shape)
    assert value.dtype == tf.float32 and value.shape == shape
    x = value.numpy()
    assert abs(x.mean() - mean) < 0.05 * std
    assert abs(x.std() - std) < 0.03 * std
    if bound is not None:
        assert np.abs(x - mean).max() <= bound * (1 + 1e-6)


def test_dtype_given_at_call_or_construction():
    assert tf.glorot_uniform_initializer()([2, 2], dtype=tf.float64).dtype == tf.float64
    assert tf.random_normal_initializer(dtype=tf.float64)([2]).dtype == tf.float64
    assert tf.contrib.layers.xavier_initializer()([2, 2], dtype=tf.float16).dtype == tf.float16


def test_seeded_initializer_repeats_under_a_graph_seed():
    tf.set_random_seed(7)
    a = tf.glorot_uniform_initializer(seed=3)([4, 4]).numpy()
    tf.set_random_seed(7)
    b = tf.glorot_uniform_initializer(seed=3)([4, 4]).numpy()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("init, shape, gram", [
    (tf.orthogonal_initializer(gain=2., seed=3), (4, 6), "rows"),
    (tf.orthogonal_initializer(seed=3), (3, 2, 5), "cols"),
    (tf.keras.initializers.Orthogonal(seed=1), (5, 5), "cols"),
])
def test_orthogonal(init, shape, gram):
    x = init(shape).numpy()
    assert x.shape == shape
    flat = x.reshape(-1, shape[-1])
    gain = init.gain
    product = flat @ flat.T if gram == "rows" else flat.T @ flat
    np.testing.assert_allclose(product, gain ** 2 * np.eye(len(product)), atol=1e-5)


@pytest.mark.parametrize("identifier, cls, config", [
    ("glorot_uniform", "GlorotUniform", {"seed": None, "dtype": "float32"}),
    ("zeros", "Zeros", {"dtype": "float32"}),
    ("normal", "RandomNormal", {"mean": 0.0, "stddev": 0.05, "seed": None, "dtype": "float32"}),
    ("he_normal", "VarianceScaling", {"scale": 2.0, "mode": "fan_in",
                                      "distribution": "truncated_normal", "seed": None,
                                      "dtype": "float32"}),
    ({"class_name": "VarianceScaling", "config": {"scale": 2.0}}, "VarianceScaling",
     {"scale": 2.0, "mode": "fan_in", "distribution": "truncated_normal", "seed": None,
      "dtype": "float32"}),
    ({"class_name": "Constant", "config": {"value": 3}}, "Constant",
     {"value": 3, "dtype": "float32"}),
    (tf.zeros_initializer, "Zeros", {"dtype": "float32"}),
])
def test_keras_get(identifier, cls, config):
    init = tf.keras.initializers.get(identifier)
    assert type(init).__name__ == cls and init.get_config() == config


def test_keras_get_passes_instances_and_callables_through():
    init = tf.ones_initializer()
    fn = tf.contrib.layers.xavier_initializer()
    assert tf.keras.initializers.get(init) is init and tf.keras.initializers.get(fn) is fn
    assert tf.keras.initializers.get(None) is None


def test_keras_serialize_round_trip():
    config = tf.keras.initializers.serialize(tf.keras.initializers.RandomUniform(seed=2))
    assert config == {"class_name": "RandomUniform", "config": {
        "minval": -0.05, "maxval": 0.05, "seed": 2, "dtype": "float32"}}
    again = tf.keras.initializers.deserialize(config)
    assert isinstance(again, tf.keras.initializers.RandomUniform)
    assert again.get_config() == config["config"]
    assert tf.keras.initializers.serialize(tf.keras.initializers.he_normal())["class_name"] == \
        "VarianceScaling"


def test_not_provided_names_fail_by_name():
    # TF 1.15's tf.keras.initializers has no GlorotUniform class name (only glorot_uniform).
    with pytest.raises(AttributeError, match="GlorotUniform"):
        tf.keras.initializers.GlorotUniform
