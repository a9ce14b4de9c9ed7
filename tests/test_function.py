"""tf.function / tfe.defun: tracing per signature, lifted variables, gradients, with TF's values."""
import sys
import warnings

import numpy as np
import pytest

import tfeager_compat as tf

tfe = tf.contrib.eager


def counted(decorator=tf.function, **options):
    """A decorated `x * y + 1` that counts its traces in `calls`."""
    calls = []

    @decorator(**options) if options else decorator
    def f(x, y=2.0):
        calls.append(1)
        return x * y + 1.0

    return f, calls


@pytest.mark.parametrize("decorator", [tf.function, tfe.defun])
def test_traced_once_per_signature(decorator):
    f, calls = counted(decorator)
    a = tf.constant([1.0, 2.0])
    assert f(a, a).numpy().tolist() == [2.0, 5.0]
    assert f(tf.constant([3.0, 4.0]), a).numpy().tolist() == [4.0, 9.0]
    assert len(calls) == 1                                  # same shapes and dtypes
    f(tf.constant([1.0]), tf.constant([3.0]))                # a new shape
    assert len(calls) == 2
    f(a, 3.0)
    f(a, 3.0)
    assert f(a, 4.0).numpy().tolist() == [5.0, 9.0]         # Python values are in the key
    assert len(calls) == 4
    f(np.array([1.0, 2.0], np.float32), a)                  # NumPy arrays count as tensors
    assert len(calls) == 4
    f(tf.constant([1.0, 2.0], tf.float64), tf.constant(2.0, tf.float64))
    assert len(calls) == 5
    assert f.experimental_get_tracing_count() == 5


def test_keyword_and_default_arguments_share_a_trace():
    """TF canonicalises the call first: f(x), f(x, False), f(x, training=False) are one trace."""
    calls = []

    @tf.function
    def f(x, training=False):
        calls.append(training)
        return x

    x = tf.constant(1.0)
    f(x), f(x, False), f(x, training=False), f(x, True)
    assert calls == [False, True]


def test_python_side_effects_at_trace_time_and_tf_print_at_every_call(capsys):
    @tf.function
    def f(x):
        print("traced")
        tf.print("x is", x, [x, 2], output_stream=sys.stdout)
        return x + 1

    assert [f(tf.constant(1)).numpy(), f(tf.constant(2)).numpy()] == [2, 3]
    assert capsys.readouterr().out == "traced\nx is 1 [1, 2]\nx is 2 [2, 2]\n"


def test_assignments_persist_and_reads_see_them():
    v = tf.Variable(1.0)

    @tf.function
    def f(x):
        v.assign_add(x)
        return v.read_value() * 2

    assert f(tf.constant(2.0)).numpy() == 6.0
    assert f(tf.constant(2.0)).numpy() == 10.0
    assert v.numpy() == 5.0
    v.assign(0.5)                       # an eager assignment between calls is read
    assert f(tf.constant(1.0)).numpy() == 3.0


@pytest.mark.parametrize("make_optimizer, expected", [
    (lambda: tf.train.AdamOptimizer(0.05), (14.012228, 2.912448, 5.637342)),
    (lambda: tf.train.MomentumOptimizer(0.05, 0.9), (0.498804, 2.936536, 2.025474)),
])
@pytest.mark.parametrize("compiled", [False, True])
def test_100_compiled_optimizer_steps_equal_tf(make_optimizer, expected, compiled):
    """A step with slots (created on the first trace) under tf.function: TF's values."""
    x = tf.constant(np.linspace(-1, 1, 50).astype(np.float32))
    y = x * 3 + 2 + tf.constant(np.cos(np.arange(50)).astype(np.float32))
    w, b = tf.Variable(5., name="weight"), tf.Variable(10., name="bias")
    optimizer = make_optimizer()

    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(x * w + b - y))
        grads = tape.gradient(loss, [w, b])
        optimizer.apply_gradients(zip(grads, [w, b]))
        return loss

    if compiled:
        step = tf.function(step)
    for _ in range(100):
        loss = step()
    np.testing.assert_allclose([loss.numpy(), w.numpy(), b.numpy()], expected, rtol=2e-6)
    assert len(optimizer.variables()) in (2, 4, 6)


def test_variables_created_on_the_first_call_only():
    class Scale:
        def __init__(self):
            self.v = None

        @tf.function
        def __call__(self, x):
            if self.v is None:
                self.v = tf.Variable(tf.ones([2]) * 3)
            return self.v * x

    m = Scale()
    x = tf.constant([1.0, 2.0])
    assert m(x).numpy().tolist() == [3.0, 6.0]
    m.v.assign([1.0, 1.0])
    assert m(x).numpy().tolist() == [1.0, 2.0]

    @tf.function
    def creates_every_time(x):
        tf.Variable(x)
        return x

    with pytest.raises(ValueError, match="^tf.function-decorated function tried to create "
                                         "variables on non-first call.$"):
        creates_every_time(tf.constant(1.0))


def test_variable_with_a_traced_initial_value():
    holder = []

    @tf.function
    def f(x):
        if not holder:
            holder.append(tf.Variable(tf.random.normal([3]) * 0.0 + 2.0))
        holder[0].assign_add(x + tf.zeros([3]))
        return holder[0].read_value()

    assert f(tf.constant(1.0)).numpy().tolist() == [3.0, 3.0, 3.0]
    assert f(tf.constant(1.0)).numpy().tolist() == [4.0, 4.0, 4.0]


def test_keras_model_call_and_training_step():
    tf.set_random_seed(1)
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="relu"),
                                 tf.keras.layers.Dense(1)])
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    x = tf.constant(np.arange(8, dtype=np.float32).reshape(4, 2) / 8)
    y = tf.constant([[1.0], [0.0], [1.0], [0.0]])
    call = tfe.defun(model.call)
    eager_out = model(x)                     # builds the model eagerly
    np.testing.assert_allclose(call(x).numpy(), eager_out.numpy(), rtol=1e-6)

    @tfe.defun
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    before = [v.numpy() for v in model.trainable_variables]
    losses = [step(x, y).numpy() for _ in range(3)]
    for v, old in zip(model.trainable_variables, before):
        v.assign(old)
    eager = []
    for _ in range(3):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        eager.append(loss.numpy())
    np.testing.assert_allclose(losses, eager, rtol=1e-6)


def test_gradient_of_a_compiled_function_under_an_outer_tape():
    w = tf.Variable([1.0, 2.0])

    @tf.function
    def f(x):
        return tf.reduce_sum(w * x * x)

    x = tf.constant([3.0, 4.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = f(x)
    assert y.numpy() == 41.0
    assert tape.gradient(y, x).numpy().tolist() == [6.0, 16.0]
    assert tape.gradient(y, w).numpy().tolist() == [9.0, 16.0]
    with tf.GradientTape() as outer:            # second derivative through the program
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = f(x)
        g = inner.gradient(y, x)
    assert outer.gradient(g, x).numpy().tolist() == [2.0, 4.0]


def test_nested_compiled_functions():
    calls = []

    @tf.function
    def inner(x):
        calls.append("inner")
        return x * 2

    @tf.function
    def outer(x):
        calls.append("outer")
        return inner(x) + inner(x + 1)

    assert outer(tf.constant(1.0)).numpy() == 6.0
    assert outer(tf.constant(2.0)).numpy() == 10.0
    assert calls == ["outer", "inner", "inner"]
    assert inner(tf.constant(5.0)).numpy() == 10.0


def test_random_ops_draw_fresh_numbers_per_call():
    @tf.function
    def draw():
        return tf.random.normal([4]), tf.random.uniform([4])

    (a, b), (c, d) = draw(), draw()
    assert not np.array_equal(a.numpy(), c.numpy()) and not np.array_equal(b.numpy(), d.numpy())
    assert not np.array_equal(a.numpy(), b.numpy())
    tf.set_random_seed(3)
    first = draw()[0].numpy()
    tf.set_random_seed(3)
    assert np.array_equal(draw()[0].numpy(), first)     # reproducible under a graph seed


def test_input_signature():
    @tf.function(input_signature=[tf.TensorSpec([2], tf.float32)])
    def g(x):
        return x * 2

    assert g([1.0, 2.0]).numpy().tolist() == [2.0, 4.0]  # converted to the spec's dtype
    assert g.input_signature == (tf.TensorSpec([2], tf.float32),)
    with pytest.raises(ValueError) as info:
        g(tf.constant([1, 2]))
    assert str(info.value) == (
        "Python inputs incompatible with input_signature:\n"
        "  inputs: (\n    tf.Tensor([1 2], shape=(2,), dtype=int32))\n"
        "  input_signature: (\n    TensorSpec(shape=(2,), dtype=tf.float32, name=None))")
    with pytest.raises(TypeError, match="only pass arguments covered by it. Received 2 arg"):
        g(1.0, 2.0)
    concrete = g.get_concrete_function()
    assert type(concrete).__name__ == "ConcreteFunction"
    assert concrete(tf.constant([3.0, 4.0])).numpy().tolist() == [6.0, 8.0]
    assert g.python_function.__name__ == "g"


def test_get_concrete_function_with_specs_and_methods():
    class Model(tf.keras.Model):
        def __init__(self):
            super(Model, self).__init__()
            self.w = tf.Variable(2.0)

        @tf.function
        def call(self, x):
            return x * self.w

    m1, m2 = Model(), Model()
    m2.w.assign(3.0)
    x = tf.constant([1.0])
    assert m1(x).numpy().tolist() == [2.0] and m2(x).numpy().tolist() == [3.0]
    concrete = m1.call.get_concrete_function(tf.TensorSpec([1], tf.float32))
    assert concrete.variables == [m1.w]
    assert concrete(x).numpy().tolist() == [2.0]


def test_results_keep_their_structure():
    @tf.function
    def f(x):
        return {"double": x * 2, "pair": (x, 3), "none": None}

    out = f(tf.constant(1.0))
    assert out["double"].numpy() == 2.0 and out["pair"][1] == 3 and out["none"] is None
    assert out["pair"][0].numpy() == 1.0


def test_a_tensor_value_needed_in_python_falls_back_to_eager_with_one_warning():
    @tf.function(autograph=False)
    def f(x):
        if x.numpy() > 0:
            return x
        return -x

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert f(tf.constant(-2.0)).numpy() == 2.0
        assert f(tf.constant(3.0)).numpy() == 3.0
    assert len(caught) == 1
    assert "if x.numpy() > 0:" in str(caught[0].message) and "runs eagerly" in str(
        caught[0].message)


def test_a_failed_trace_changes_nothing():
    v = tf.Variable(1.0)

    @tf.function
    def f(x):
        v.assign(5.0)
        return tf.matmul(x, x)                 # rank 1: TF's error at the trace

    with pytest.raises(tf.errors.InvalidArgumentError):
        f(tf.constant([1.0]))
    assert v.numpy() == 1.0


def test_init_scope_runs_outside_the_trace():
    @tf.function
    def f(x):
        with tf.init_scope():
            outside = tf.executing_eagerly()
            constant = tf.constant(2.0) * 3
        return x * constant, outside

    y, outside = f(tf.constant(1.0))
    assert y.numpy() == 6.0 and outside is True
