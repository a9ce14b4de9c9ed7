"""GradientTape and the tfe gradient functions, with TensorFlow's values and errors."""
import warnings

import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.autodiff import graph

tfe = tf.contrib.eager


def test_trainable_variables_are_watched_automatically():
    w = tf.Variable([[1.0]])
    with tf.GradientTape() as tape:
        loss = w * w
    assert str(tape.gradient(loss, w)) == "tf.Tensor([[2.]], shape=(1, 1), dtype=float32)"
    assert tape.watched_variables() == (w,)


def test_watch_accessed_variables_false_and_non_trainable():
    w, frozen = tf.Variable(2.0), tf.Variable(3.0, trainable=False)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        y = w * frozen
    with pytest.warns(RuntimeWarning, match="every gradient is None"):
        assert tape.gradient(y, [w, frozen]) == [None, None]
    with tf.GradientTape() as tape:
        tape.watch(frozen)
        y = w * frozen
    assert [g.numpy() for g in tape.gradient(y, [w, frozen])] == [3.0, 2.0]


def test_watched_tensor_and_unwatched_tensor():
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert tape.gradient(y, x).numpy() == 6.0
    with tf.GradientTape() as tape:
        y = x * x
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert tape.gradient(y, x) is None


def test_result_has_the_structure_of_sources():
    a, b = tf.Variable(1.0), tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        y = a * b
    assert isinstance(tape.gradient(y, [a, b]), list)
    grads = tape.gradient(y, (a, b))
    assert isinstance(grads, tuple) and [g.numpy() for g in grads] == [2.0, 1.0]
    nested = tape.gradient(y, {"a": a, "pair": [b, a]})
    assert nested["a"].numpy() == 2.0 and [g.numpy() for g in nested["pair"]] == [1.0, 2.0]


def test_non_scalar_and_multiple_targets_are_summed():
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = x * 3.0
    assert tape.gradient(y, x).numpy().tolist() == [2.0, 4.0, 6.0]
    assert tape.gradient([y, z], x).numpy().tolist() == [5.0, 7.0, 9.0]
    weighted = tape.gradient(y, x, output_gradients=tf.constant([1.0, 0.0, 2.0]))
    assert weighted.numpy().tolist() == [2.0, 0.0, 12.0]


def test_unconnected_and_integer_sources():
    x, unused = tf.Variable(2.0), tf.Variable([1.0, 2.0])
    i = tf.constant(3)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(i)
        y = x * x + tf.cast(i, tf.float32)
    assert tape.gradient(y, [x, unused])[1] is None
    zeros = tape.gradient(y, [x, unused], unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert zeros[1].numpy().tolist() == [0.0, 0.0] and zeros[0].numpy() == 4.0
    assert tape.gradient(y, i) is None


def test_non_persistent_tape_computes_once():
    x = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = x * x
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="A non-persistent GradientTape can only be used to "
                                           r"compute one set of gradients \(or jacobians\)"):
        tape.gradient(y, x)


def test_stop_recording_and_reset():
    x = tf.Variable(3.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
        with tape.stop_recording():
            z = x * x
        w = y + z
    assert tape.gradient(w, x).numpy() == 6.0
    with tf.GradientTape() as tape:
        y = x * x
        tape.reset()
        y = x * 5.0
    assert tape.gradient(y, x).numpy() == 5.0


def test_two_tapes_in_one_with_statement():
    g, d = tf.Variable(2.0), tf.Variable(3.0)
    with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
        gen_loss = g * g
        disc_loss = d * g
    assert gen_tape.gradient(gen_loss, g).numpy() == 4.0
    assert disc_tape.gradient(disc_loss, [d, g])[0].numpy() == 2.0


GRADIENT_RULES = [
    # f, x, d f / d x (TensorFlow's values, including its conventions at ties and kinks)
    (lambda x: tf.reduce_max(x), [1.0, 3.0, 3.0], [0.0, 0.5, 0.5]),
    (lambda x: tf.maximum(x, tf.constant([2.0, 2.0])), [2.0, 1.0], [1.0, 0.0]),
    (lambda x: tf.minimum(x, tf.constant([2.0, 2.0])), [2.0, 3.0], [1.0, 0.0]),
    (lambda x: tf.abs(x), [0.0, -2.0], [0.0, -1.0]),
    (lambda x: tf.sqrt(x), [0.0, 4.0], [np.inf, 0.25]),
    (lambda x: tf.reduce_sum(x[1:] * 2.0), [1.0, 2.0, 3.0], [0.0, 2.0, 2.0]),
    (lambda x: tf.reduce_mean(tf.square(x)), [1.0, 2.0], [1.0, 2.0]),
    (lambda x: tf.reduce_sum(tf.matmul(tf.reshape(x, [1, 2]), tf.constant([[1.0], [2.0]]))),
     [5.0, 7.0], [1.0, 2.0]),
    (lambda x: tf.stop_gradient(x) * x, [3.0], [3.0]),
    (lambda x: tf.where(x > 0.0, x, x * 0.5), [2.0, -2.0], [1.0, 0.5]),
    (lambda x: tf.nn.relu(x), [0.0, 2.0], [0.0, 1.0]),
    (lambda x: tf.reduce_sum(tf.nn.softmax(x) * tf.constant([1.0, 2.0, 3.0])), [0.0, 0.0, 0.0],
     pytest.approx([-1 / 3, 0.0, 1 / 3], abs=1e-7)),
]


@pytest.mark.parametrize("f,x,expected", GRADIENT_RULES)
def test_gradient_rules(f, x, expected):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    assert tape.gradient(y, x).numpy().tolist() == expected


@pytest.mark.parametrize("inner_first", [True, False])
def test_nested_tapes_give_second_derivatives(inner_first):
    x = tf.Variable(2.0)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = x * x * x
        dy = inner.gradient(y, x)
    if inner_first:
        assert dy.numpy() == 12.0
    assert outer.gradient(dy, x).numpy() == 12.0


def test_third_derivative_with_persistent_tapes():
    x = tf.constant(2.0)
    with tf.GradientTape() as t3:
        t3.watch(x)
        with tf.GradientTape() as t2:
            t2.watch(x)
            with tf.GradientTape() as t1:
                t1.watch(x)
                y = x * x * x * x
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    assert (d1.numpy(), d2.numpy(), t3.gradient(d2, x).numpy()) == (32.0, 48.0, 48.0)


def test_jacobian_and_batch_jacobian():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert tape.jacobian(y, x, experimental_use_pfor=False).numpy().tolist() == [[2.0, 0.0],
                                                                               [0.0, 4.0]]
    xb = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        tape.watch(xb)
        yb = xb * xb
    jac = tape.batch_jacobian(yb, xb, parallel_iterations=4)
    assert jac.shape == (2, 2, 2)
    assert jac.numpy().tolist() == [[[2.0, 0.0], [0.0, 4.0]], [[6.0, 0.0], [0.0, 8.0]]]


def test_custom_gradient_replaces_the_gradient():
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(dy):
            return dy * (1 - 1 / (1 + e))
        return tf.log(1 + e), grad

    x = tf.constant(100.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = log1pexp(x)
    assert y.numpy() == np.inf and tape.gradient(y, x).numpy() == 1.0
    assert log1pexp(tf.constant(0.0)).numpy() == pytest.approx(np.log(2.0))


def test_custom_gradient_with_non_tensor_argument_and_variables():
    @tfe.custom_gradient
    def scaled_softmax(logits, axis):
        out = tf.exp(logits) / tf.reduce_sum(tf.exp(logits), axis, keepdims=True)

        def grad(dy):
            return dy * 2.0, None
        return out, grad

    x = tf.constant([[1.0, 2.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = scaled_softmax(x, 1)
    assert tape.gradient(y, x).numpy().tolist() == [[2.0, 2.0]]

    v = tf.Variable(2.0)

    @tf.custom_gradient
    def times_v(x):
        def grad(dy, variables=None):
            return dy * 10.0, [tf.reduce_sum(dy) * 100.0]
        return x * v, grad

    with tf.GradientTape() as tape:
        tape.watch(x)
        y = times_v(x)
    gx, gv = tape.gradient(y, [x, v])
    assert y.numpy().tolist() == [[2.0, 4.0]]
    assert gx.numpy().tolist() == [[10.0, 10.0]] and gv.numpy() == 200.0


def test_gradients_function_nests_for_higher_order():
    f = lambda x: x * x * x  # noqa: E731
    df = tfe.gradients_function(f)
    d2f = tfe.gradients_function(lambda x: df(x)[0])
    d3f = tfe.gradients_function(lambda x: d2f(x)[0])
    assert [df(2.0)[0].numpy(), d2f(2.0)[0].numpy(), d3f(2.0)[0].numpy()] == [12.0, 12.0, 6.0]
    g = tfe.gradients_function(lambda x, y: x * y * y, params=[1])
    assert [t.numpy() for t in g(3.0, 2.0)] == [12.0]
    value, grads = tfe.value_and_gradients_function(lambda x, y: x * y)(3.0, 4.0)
    assert value.numpy() == 12.0 and [t.numpy() for t in grads] == [4.0, 3.0]


def test_implicit_gradients():
    w, b = tfe.Variable(2.0), tfe.Variable(1.0)

    @tfe.implicit_value_and_gradients
    def loss(x):
        return w * x + b

    value, grads_and_vars = loss(3.0)
    assert value.numpy() == 7.0
    assert [(g.numpy(), v is var) for (g, v), var in zip(grads_and_vars, [w, b])] == [
        (3.0, True), (1.0, True)]
    grads = tfe.implicit_gradients(lambda: w * w)()
    assert grads[0][0].numpy() == 4.0 and grads[0][1] is w
    tf.train.GradientDescentOptimizer(0.5).apply_gradients(grads)
    assert w.numpy() == 0.0
    with pytest.raises(ValueError, match="No trainable variables were accessed while the "
                                         "function was being computed."):
        tfe.implicit_gradients(lambda: tf.constant(1.0) * 2.0)()


def test_tf_gradients_is_refused_in_eager():
    with pytest.raises(RuntimeError, match=r"tf.gradients is not supported when eager execution "
                                           r"is enabled. Use tf.GradientTape instead."):
        tf.gradients(tf.constant(1.0), tf.constant(1.0))


def test_forward_outside_the_tape_warns_with_the_cause():
    w = tf.Variable(2.0)
    loss = w * w
    with tf.GradientTape() as tape:
        pass
    with pytest.warns(RuntimeWarning, match="computed outside the `with tf.GradientTape\\(\\)` "
                                            "block"):
        assert tape.gradient(loss, [w]) == [None]


def test_pending_values_read_inside_the_tape():
    x = tf.Variable([1.0, -2.0])
    with tf.GradientTape() as tape:
        y = x * 3.0
        assert y.numpy().tolist() == [3.0, -6.0]
        assert y.shape == (2,) and y.dtype == tf.float32
        z = tf.reduce_sum(y * y) if float(tf.reduce_sum(y)) < 0 else tf.reduce_sum(y)
    assert tape.gradient(z, x).numpy().tolist() == [18.0, -36.0]


def test_shape_errors_raise_at_the_call_under_a_tape():
    x = tf.Variable(tf.ones([2, 3]))
    with tf.GradientTape():
        with pytest.raises(tf.errors.InvalidArgumentError, match="Matrix size-incompatible"):
            tf.matmul(x, x)
        with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes"):
            x + tf.ones([3, 2])


def test_seed_001_training_loop_compiles_its_gradient_program_once():
    class Model(tf.keras.Model):
        def __init__(self):
            super(Model, self).__init__()
            self.W = tf.Variable(5., name="weight")
            self.B = tf.Variable(10., name="bias")

        def call(self, inputs):
            return inputs * self.W + self.B

    training_inputs = tf.random.normal([2000])
    training_outputs = training_inputs * 3 + 2 + tf.random.normal([2000])

    def loss(model, inputs, targets):
        return tf.reduce_mean(tf.square(model(inputs) - targets))

    def grad(model, inputs, targets):
        with tf.GradientTape() as tape:
            loss_value = loss(model, inputs, targets)
        return tape.gradient(loss_value, [model.W, model.B])

    model = Model()
    optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)
    before = graph.STATS["gradient_compilations"]
    compiled = []
    for i in range(200):
        grads = grad(model, training_inputs, training_outputs)
        optimizer.apply_gradients(zip(grads, [model.W, model.B]))
        if i % 50 == 0:
            loss(model, training_inputs, training_outputs).numpy()
        compiled.append(graph.STATS["gradient_compilations"])
    # Two programs, each compiled once: a step whose variables are up to date (the first, and
    # each one after the loss is printed), and a step that also runs the previous step's
    # pending optimizer update inside the same call (all the others).
    assert compiled[-1] - before == 2
    assert compiled[2] == compiled[-1]
    assert float(loss(model, training_inputs, training_outputs)) < 1.3


def test_complex_sources_get_tensorflows_conjugate_convention():
    z = tf.constant([1 + 2j, 3 - 1j], dtype=tf.complex64)
    with tf.GradientTape() as tape:
        tape.watch(z)
        y = tf.reduce_sum(tf.real(z * tf.conj(z)) + 3.0 * tf.real(z))
    assert tape.gradient(y, z).numpy().tolist() == [5 + 4j, 9 - 2j]


def test_only_non_differentiable_ops_give_none_without_a_warning():
    x = tf.constant([3.0, 1.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.argmax(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert tape.gradient(y, x) is None


def test_inner_tape_over_a_value_only_the_outer_tape_recorded():
    x = tf.constant(2.0)
    with tf.GradientTape() as outer:
        outer.watch(x)
        y = x * x
        z = tf.constant(3.0)
        with tf.GradientTape() as inner:
            inner.watch(z)
            w = y * z * z
        dw_dz = inner.gradient(w, z)  # 2 x^2 z
    assert dw_dz.numpy() == 24.0
    assert outer.gradient(dw_dz, x).numpy() == 24.0  # 4 x z


def test_gradient_with_respect_to_an_intermediate_result_flows_on_through_it():
    # TF 1.15/2.21: sources do not cut the tape; dz/dx includes the path through y = x*x.
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * 2.0 + x
    assert [g.numpy() for g in tape.gradient(z, [x, y])] == [13.0, 2.0]
    assert [g.numpy() for g in tape.gradient(z, [y, x])] == [2.0, 13.0]
    assert tape.gradient(z, y).numpy() == 2.0
    assert tape.gradient(y, y).numpy() == 1.0


def test_a_variable_the_tape_does_not_watch_gets_none():
    # TF: v's value enters a recorded op as a constant, but v itself was never watched.
    v, x = tf.Variable(2.0), tf.constant(5.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(x)
        w = v * x
    dv, dx = tape.gradient(w, [v, x])
    assert dv is None and dx.numpy() == 2.0


def test_a_growing_persistent_tape_reuses_the_compiled_gradient():
    # Ops recorded after y do not change the program between x and y: no new compilation.
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.reduce_sum(x * x)
        grads = [tape.gradient(y, x).numpy().tolist()]
        before = graph.STATS["gradient_compilations"]
        for _ in range(3):
            tf.exp(x)  # recorded, but not on the path to y
            grads.append(tape.gradient(y, x).numpy().tolist())
    assert grads == [[2.0, 4.0]] * 4
    assert graph.STATS["gradient_compilations"] == before


def test_a_tensor_watched_late_counts_its_earlier_uses_and_an_unwatched_one_gets_none():
    a, x = tf.constant(3.0), tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(a)
        y = a * x  # x is not watched yet, but TF's tape still knows it by id
        tape.watch(x)
        z = y * x
    assert [g.numpy() for g in tape.gradient(z, [x, a])] == [12.0, 4.0]  # TF 1.15 / 2.21
    with tf.GradientTape() as tape:
        tape.watch(a)
        y = a * x
    dx, da = tape.gradient(y, [x, a])
    assert dx is None and da.numpy() == 2.0


def test_a_variable_read_before_and_after_an_assignment_sums_both_reads():
    v = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = v * 2.0
        v.assign(3.0)
        z = y + v * v
    assert tape.gradient(z, v).numpy() == 8.0  # TF: 2 + 2 * 3


def test_the_sign_of_a_zero_source_is_kept():
    v = tf.Variable(-0.0)
    with tf.GradientTape() as tape:
        y = 1.0 / v
    assert tape.gradient(y, v).numpy() == -np.inf  # TF: -1 / v**2 with v = -0.0
    assert y.numpy() == -np.inf  # computed by the gradient call: 1 / -0.0, not 1 / +0.0
