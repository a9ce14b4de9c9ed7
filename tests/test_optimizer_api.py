"""tf.train optimizers: signatures, names, slots, errors, hyperparameter forms, the global step,
and the one-call, all-or-nothing step. Values and messages from TensorFlow (the oracle)."""
import inspect

import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.autodiff import graph

# TF 1.15's signatures (TF 2.21 adds use_own_namescope_for_non_slot_vars, Ftrl's beta and
# apply_gradients' skip_gradients_aggregation).
SIGNATURES = [
    ("GradientDescentOptimizer", "(self, learning_rate, use_locking=False, "
     "name='GradientDescent')"),
    ("MomentumOptimizer", "(self, learning_rate, momentum, use_locking=False, name='Momentum', "
     "use_nesterov=False)"),
    ("AdamOptimizer", "(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, "
     "use_locking=False, name='Adam')"),
    ("AdagradOptimizer", "(self, learning_rate, initial_accumulator_value=0.1, "
     "use_locking=False, name='Adagrad')"),
    ("AdagradDAOptimizer", "(self, learning_rate, global_step, "
     "initial_gradient_squared_accumulator_value=0.1, l1_regularization_strength=0.0, "
     "l2_regularization_strength=0.0, use_locking=False, name='AdagradDA')"),
    ("RMSPropOptimizer", "(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, "
     "use_locking=False, centered=False, name='RMSProp')"),
    ("AdadeltaOptimizer", "(self, learning_rate=0.001, rho=0.95, epsilon=1e-08, "
     "use_locking=False, name='Adadelta')"),
    ("FtrlOptimizer", "(self, learning_rate, learning_rate_power=-0.5, "
     "initial_accumulator_value=0.1, l1_regularization_strength=0.0, "
     "l2_regularization_strength=0.0, use_locking=False, name='Ftrl', accum_name=None, "
     "linear_name=None, l2_shrinkage_regularization_strength=0.0)"),
    ("ProximalGradientDescentOptimizer", "(self, learning_rate, l1_regularization_strength=0.0, "
     "l2_regularization_strength=0.0, use_locking=False, name='ProximalGradientDescent')"),
    ("ProximalAdagradOptimizer", "(self, learning_rate, initial_accumulator_value=0.1, "
     "l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False, "
     "name='ProximalAdagrad')"),
    ("Optimizer", "(self, use_locking, name)"),
]


@pytest.mark.parametrize("name,signature", SIGNATURES)
def test_constructor_signatures_are_tf1s(name, signature):
    assert str(inspect.signature(getattr(tf.train, name).__init__)) == signature


def test_method_signatures_are_tf1s():
    opt = tf.train.Optimizer
    assert str(inspect.signature(opt.apply_gradients)) == (
        "(self, grads_and_vars, global_step=None, name=None)")
    assert str(inspect.signature(opt.minimize)) == (
        "(self, loss, global_step=None, var_list=None, gate_gradients=1, "
        "aggregation_method=None, colocate_gradients_with_ops=False, name=None, grad_loss=None)")
    assert str(inspect.signature(opt.compute_gradients)) == (
        "(self, loss, var_list=None, gate_gradients=1, aggregation_method=None, "
        "colocate_gradients_with_ops=False, grad_loss=None)")


# (make, get_name, slot names once used, optimizer.variables() names)
SLOTS = [
    (lambda: tf.train.GradientDescentOptimizer(0.1), "GradientDescent", [], []),
    (lambda: tf.train.MomentumOptimizer(0.1, 0.9), "Momentum", ["momentum"],
     ["scope/{b}/Momentum:0", "{a}/Momentum:0"]),
    (lambda: tf.train.AdamOptimizer(0.1), "Adam", ["m", "v"],
     ["beta1_power:0", "beta2_power:0", "scope/{b}/Adam:0", "scope/{b}/Adam_1:0",
      "{a}/Adam:0", "{a}/Adam_1:0"]),
    (lambda: tf.train.AdagradOptimizer(0.1), "Adagrad", ["accumulator"],
     ["scope/{b}/Adagrad:0", "{a}/Adagrad:0"]),
    (lambda: tf.train.AdagradDAOptimizer(0.1, tf.Variable(0, dtype=tf.int64)), "AdagradDA",
     ["gradient_accumulator", "gradient_squared_accumulator"],
     ["scope/{b}/AdagradDA:0", "scope/{b}/AdagradDA_1:0", "{a}/AdagradDA:0",
      "{a}/AdagradDA_1:0"]),
    (lambda: tf.train.RMSPropOptimizer(0.1, centered=True), "RMSProp", ["mg", "momentum", "rms"],
     ["scope/{b}/RMSProp:0", "scope/{b}/RMSProp_1:0", "scope/{b}/RMSProp_2:0",
      "{a}/RMSProp:0", "{a}/RMSProp_1:0", "{a}/RMSProp_2:0"]),
    (lambda: tf.train.AdadeltaOptimizer(0.1), "Adadelta", ["accum", "accum_update"],
     ["scope/{b}/Adadelta:0", "scope/{b}/Adadelta_1:0", "{a}/Adadelta:0", "{a}/Adadelta_1:0"]),
    (lambda: tf.train.FtrlOptimizer(0.1, accum_name="A", linear_name="L"), "Ftrl",
     ["accum", "linear"], ["scope/{b}/A:0", "scope/{b}/L:0", "{a}/A:0", "{a}/L:0"]),
    (lambda: tf.train.ProximalGradientDescentOptimizer(0.1), "ProximalGradientDescent", [], []),
    (lambda: tf.train.ProximalAdagradOptimizer(0.1), "ProximalAdagrad", ["accumulator"],
     ["scope/{b}/ProximalAdagrad:0", "{a}/ProximalAdagrad:0"]),
]


@pytest.mark.parametrize("make,name,slot_names,variables", SLOTS)
def test_slots_and_variables_as_tf_names_them(make, name, slot_names, variables):
    opt = make()
    assert opt.get_name() == name
    assert opt.get_slot_names() == [] and opt.variables() == []
    a = tf.Variable([1.0, 2.0], name=f"z{name}_a")
    with tf.name_scope("scope"):
        b = tf.Variable([[1.0], [2.0]], name=f"z{name}_b")
    unused = tf.Variable(3.0)
    opt.apply_gradients([(tf.constant([0.5, -1.0]), a), (tf.constant([[1.0], [2.0]]), b),
                         (None, unused)])
    assert opt.get_slot_names() == slot_names
    assert [v.name for v in opt.variables()] == [
        n.format(a=f"z{name}_a", b=f"z{name}_b") for n in variables]
    for slot in slot_names:
        assert opt.get_slot(a, slot).shape == (2,) and opt.get_slot(b, slot).shape == (2, 1)
        assert not opt.get_slot(a, slot).trainable
        assert opt.get_slot(unused, slot) is None
    assert opt.get_slot(a, "nonexistent") is None


def test_slot_names_count_up_like_tf_variable_scopes():
    first = tf.Variable([1.0], name="count_me")
    second = tf.Variable([1.0], name="count_me")
    adam = tf.train.AdamOptimizer(0.1)
    adam.apply_gradients([(tf.constant([1.0]), first)])
    rms = tf.train.RMSPropOptimizer(0.1, name="Adam")
    rms.apply_gradients([(tf.constant([1.0]), second)])
    assert [v.name for v in adam.variables()] == [
        "beta1_power:0", "beta2_power:0", "count_me/Adam:0", "count_me/Adam_1:0"]
    assert [v.name for v in rms.variables()] == ["count_me/Adam_2:0", "count_me/Adam_3:0"]
    with tf.variable_scope("vs"):
        u = tf.Variable(1.0, name="u")
        momentum = tf.train.MomentumOptimizer(0.1, 0.9)
        momentum.apply_gradients([(tf.constant(1.0), u)])
    assert [v.name for v in momentum.variables()] == ["vs/vs/u/Momentum:0"]


def test_non_slot_variables_take_the_name_scope():
    v = tf.Variable([1.0, 2.0], name="ns_var")
    opt = tf.train.AdamOptimizer(0.1)
    with tf.name_scope("outer"):
        opt.apply_gradients([(tf.constant([1.0, 1.0]), v)])
    assert [x.name for x in opt.variables()] == [
        "ns_var/Adam:0", "ns_var/Adam_1:0", "outer/beta1_power:0", "outer/beta2_power:0"]


@pytest.mark.parametrize("make,message", [
    (lambda: tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0),
     "initial_accumulator_value must be positive: 0.0"),
    (lambda: tf.train.ProximalAdagradOptimizer(0.1, initial_accumulator_value=-2),
     "initial_accumulator_value must be positive: -2"),
    (lambda: tf.train.FtrlOptimizer(0.1, initial_accumulator_value=-1.0),
     "initial_accumulator_value -1.000000 needs to be positive or zero"),
    (lambda: tf.train.FtrlOptimizer(0.1, learning_rate_power=0.5),
     "learning_rate_power 0.500000 needs to be negative or zero"),
    (lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=-1.0),
     "l1_regularization_strength -1.000000 needs to be positive or zero"),
    (lambda: tf.train.FtrlOptimizer(0.1, l2_regularization_strength=-1.0),
     "l2_regularization_strength -1.000000 needs to be positive or zero"),
    (lambda: tf.train.FtrlOptimizer(0.1, l2_shrinkage_regularization_strength=-1.0),
     "l2_shrinkage_regularization_strength -1.000000 needs to be positive or zero"),
    (lambda: tf.train.Optimizer(False, ""), "Must specify the optimizer name"),
])
def test_constructor_errors(make, message):
    with pytest.raises(ValueError) as info:
        make()
    assert str(info.value) == message


def _state(opt, variables, step=None):
    values = [v.numpy().tolist() for v in variables + opt.variables()]
    return values + ([step.numpy()] if step is not None else [])


# (make the optimizer, grads_and_vars from variables a [2] and b [3, 2], error, message)
DENSE_ERRORS = [
    (lambda: tf.train.AdamOptimizer(0.1),
     lambda a, b: [(tf.constant([1.0, 1.0]), a), (tf.constant([1.0, 1.0, 3.0]), a)],
     tf.errors.InvalidArgumentError,
     "var and grad do not have the same shape[2] [3] [Op:ResourceApplyAdam]"),
    (lambda: tf.train.GradientDescentOptimizer(0.1),
     lambda a, b: [(tf.ones([3, 2]), b), (tf.constant([1.0, 2.0, 3.0]), a)],
     tf.errors.InvalidArgumentError,
     "var and delta do not have the same shape[2] [3] [Op:ResourceApplyGradientDescent]"),
    (lambda: tf.train.RMSPropOptimizer(0.1, centered=True),
     lambda a, b: [(tf.ones([2, 3]), b)], tf.errors.InvalidArgumentError,
     "var and grad do not have the same shape[3,2] [2,3] [Op:ResourceApplyCenteredRMSProp]"),
    (lambda: tf.train.FtrlOptimizer(0.1, l2_shrinkage_regularization_strength=0.1),
     lambda a, b: [(tf.ones([2, 3]), b)], tf.errors.InvalidArgumentError,
     "var and grad do not have the same shape[3,2] [2,3] [Op:ResourceApplyFtrlV2]"),
    (lambda: tf.train.MomentumOptimizer(0.1, 0.9),
     lambda a, b: [(tf.constant([1, 1]), a)], tf.errors.InvalidArgumentError,
     "cannot compute ResourceApplyMomentum as input #3(zero-based) was expected to be a float "
     "tensor but is a int32 tensor [Op:ResourceApplyMomentum]"),
    (lambda: tf.train.AdamOptimizer(0.1),
     lambda a, b: [(None, a), (None, b)], ValueError,
     "No gradients provided for any variable: [\"<tf.Variable 'a:0' shape=(2,) dtype=float32, "
     "numpy=array([1., 2.], dtype=float32)>\", \"<tf.Variable 'b:0' shape=(3, 2) "
     "dtype=float32, numpy=\\narray([[1., 1.],\\n       [1., 1.],\\n       [1., 1.]], "
     "dtype=float32)>\"]."),
    (lambda: tf.train.AdamOptimizer(0.1), lambda a, b: [], ValueError, "No variables provided."),
    (lambda: tf.train.AdamOptimizer(0.1),
     lambda a, b: [(tf.constant([1.0, 1.0]), tf.constant([1.0, 2.0]))], AttributeError,
     "Tensor.name is meaningless when eager execution is enabled."),
    (lambda: tf.train.GradientDescentOptimizer(0.1),
     lambda a, b: [(tf.constant([1.0, 1.0]), tf.constant([1.0, 2.0]))], NotImplementedError,
     "('Trying to update a Tensor ', <tf.Tensor: shape=(2,), dtype=float32, "
     "numpy=array([1., 2.], dtype=float32)>)"),
    (lambda: tf.train.GradientDescentOptimizer(0.1),
     lambda a, b: [(tf.constant([1, 1]), tf.Variable([1, 2]))], tf.errors.InvalidArgumentError,
     "No OpKernel was registered to support Op 'ResourceApplyGradientDescent' used by "
     "{{node ResourceApplyGradientDescent}} with these attrs: [T=DT_INT32] "
     "[Op:ResourceApplyGradientDescent]"),
    (lambda: tf.train.Optimizer(False, "x"),
     lambda a, b: [(tf.constant([1.0, 1.0]), a)], NotImplementedError, ""),
]


@pytest.mark.parametrize("make,pairs,error,message", DENSE_ERRORS)
def test_a_failing_step_raises_tfs_error_and_changes_nothing(make, pairs, error, message):
    a, b = tf.Variable([1.0, 2.0], name="a"), tf.Variable(tf.ones([3, 2]), name="b")
    step = tf.Variable(7, dtype=tf.int64)
    opt = make()
    if type(opt) is not tf.train.Optimizer:  # slots and non-slot variables exist
        opt.apply_gradients([(tf.zeros([2]), a), (tf.zeros([3, 2]), b)])
    before = _state(opt, [a, b], step)
    with pytest.raises(error) as info:
        opt.apply_gradients(pairs(a, b), global_step=step)
    assert str(info.value) == message
    assert _state(opt, [a, b], step) == before


def test_a_bad_global_step_changes_nothing():
    v = tf.Variable([1.0, 2.0])
    opt = tf.train.GradientDescentOptimizer(0.5)
    with pytest.raises(AttributeError, match="^'tensorflow.python.framework.ops.EagerTensor' "
                                             "object has no attribute 'assign_add'$"):
        opt.apply_gradients([(tf.constant([1.0, 1.0]), v)], global_step=tf.constant(3))
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        opt.apply_gradients([(tf.constant([1.0, 1.0]), v)], global_step=tf.Variable([1, 2]))
    assert str(info.value) == ("Cannot update variable with shape [2] using a Tensor with shape "
                               "[], shapes must be equal. [Op:AssignAddVariableOp]")
    assert v.numpy().tolist() == [1.0, 2.0]
    step = tf.Variable(2.5)  # TF adds 1 to a float step too
    opt.apply_gradients([(tf.constant([1.0, 1.0]), v)], global_step=step)
    assert step.numpy() == 3.5 and v.numpy().tolist() == [0.5, 1.5]


# (make, IndexedSlices for a [3, 2] variable, message)
SPARSE_ERRORS = [
    (lambda: tf.train.GradientDescentOptimizer(0.1), ([[1.0, 1.0]], [5]),
     "indices[0] = 5 is not in [0, 3) [Op:ResourceScatterAdd]"),
    (lambda: tf.train.GradientDescentOptimizer(0.1), ([[1.0, 1.0]], [0, 1]),
     "The shape of indices ([2]) must be a prefix of the shape of updates ([1,2]) "
     "[Op:ResourceScatterAdd]"),
    (lambda: tf.train.GradientDescentOptimizer(0.1), ([[1.0, 1.0]], [[0]]),
     "Must have updates.shape = indices.shape + params.shape[1:] or updates.shape = [], got "
     "updates.shape [1,2], indices.shape [1,1], params.shape [3,2] [Op:ResourceScatterAdd]"),
    (lambda: tf.train.AdamOptimizer(0.1), ([[1.0, 1.0], [1.0, 1.0], [2.0, 2.0]], [0, 0, -1]),
     "indices[1] = -1 is not in [0, 3) [Op:ResourceScatterAdd]"),
    (lambda: tf.train.AdamOptimizer(0.1), ([[1.0, 1.0]], [[0]]),
     "unique expects a 1D vector. [Op:Unique]"),
    (lambda: tf.train.MomentumOptimizer(0.1, 0.9), ([[1.0, 1.0]], [5]),
     "Index 5 at offset 0 in indices is out of range [Op:ResourceSparseApplyMomentum]"),
    (lambda: tf.train.AdagradOptimizer(0.1), ([[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]], [1, 1, 3]),
     "Index 3 at offset 1 in indices is out of range [Op:ResourceSparseApplyAdagrad]"),
    (lambda: tf.train.RMSPropOptimizer(0.1, centered=True), ([[1.0, 1.0, 1.0]], [0]),
     "var and grad must match in dimension 1 [Op:ResourceSparseApplyCenteredRMSProp]"),
    (lambda: tf.train.FtrlOptimizer(0.1), ([[1.0, 1.0]], [0, 1]),
     "data.shape = [1,2] does not start with segment_ids.shape = [2] [Op:UnsortedSegmentSum]"),
    (lambda: tf.train.ProximalAdagradOptimizer(0.1), ([[1.0, 1.0]], [-1]),
     "Index -1 at offset 0 in indices is out of range [Op:ResourceSparseApplyProximalAdagrad]"),
]


@pytest.mark.parametrize("make,grad,message", SPARSE_ERRORS)
def test_a_failing_sparse_step_raises_tfs_error_and_changes_nothing(make, grad, message):
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    other = tf.Variable([1.0])
    opt = make()
    values, indices = grad
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        opt.apply_gradients([(tf.constant([1.0]), other),
                             (tf.IndexedSlices(tf.constant(values), tf.constant(indices),
                                               tf.constant([3, 2])), v)])
    assert str(info.value) == message
    assert v.numpy().tolist() == [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    assert other.numpy().tolist() == [1.0]


def test_a_sparse_gradient_for_a_constrained_variable_is_refused():
    v = tf.Variable([[1.0], [2.0], [3.0]], constraint=lambda x: x)
    grad = tf.IndexedSlices(tf.constant([[1.0]]), tf.constant([0]), tf.constant([3, 1]))
    with pytest.raises(RuntimeError, match="^Cannot use a constraint function on a sparse "
                                           "variable.$"):
        tf.train.GradientDescentOptimizer(0.5).apply_gradients([(grad, v)])


def test_a_dense_update_then_applies_the_constraint():
    v = tf.Variable([1.0, -2.0, 3.0], constraint=lambda x: tf.clip_by_value(x, -1.5, 1.5))
    tf.train.GradientDescentOptimizer(0.5).apply_gradients([(tf.constant([1.0, 1.0, 1.0]), v)])
    assert v.numpy().tolist() == [0.5, -1.5, 1.5]


def test_hyperparameters_may_be_callables_tensors_or_reassigned_attributes():
    w = tf.Variable([1.0, 2.0])
    opt = tf.train.MomentumOptimizer(lambda: tf.constant(0.5), momentum=tf.constant(0.5))
    opt.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    opt._learning_rate = 0.25  # TF1 reads its attributes at every step
    opt.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    assert w.numpy().tolist() == [0.125, 1.125]
    assert opt.get_slot(w, "momentum").numpy().tolist() == [1.5, 1.5]


def test_float64_variables_take_float32_hyperparameters_cast():
    d = tf.Variable([1.0, 2.0], dtype=tf.float64)
    opt = tf.train.AdamOptimizer(0.1)
    opt.apply_gradients([(tf.constant([1.0, -1.0], tf.float64), d)])
    assert d.numpy().tolist() == [0.9000000301328543, 2.0999999698671457]
    assert [(x.dtype, x.numpy().tolist()) for x in opt.variables()] == [
        (tf.float64, [0.10000002384185791, -0.10000002384185791]),
        (tf.float64, [0.0009999871253967285, 0.0009999871253967285]),
        (tf.float32, 0.809999942779541), (tf.float32, 0.9980010390281677)]


def test_a_variable_listed_twice_is_updated_twice_as_in_tf():
    dense = tf.Variable([1.0, 2.0], name="dup")
    adam = tf.train.AdamOptimizer(0.1)
    adam.apply_gradients([(tf.constant([1.0, 1.0]), dense), (tf.constant([0.5, -1.0]), dense)])
    assert dense.numpy().tolist() == pytest.approx([0.7747301459312439, 1.907072901725769])
    expected = [0.809999942779541, 0.9980010390281677, [0.14000003039836884, -0.01000000536441803],
                [0.0012489838991314173, 0.0019989742431789637]]
    for v, value in zip(adam.variables(), expected):
        assert np.allclose(v.numpy(), value)
    rows = tf.Variable([[1.0], [2.0], [3.0]])
    momentum = tf.train.MomentumOptimizer(0.1, 0.9)
    momentum.apply_gradients([
        (tf.IndexedSlices(tf.constant([[1.0], [2.0]]), tf.constant([2, 0])), rows),
        (tf.constant([[1.0], [1.0], [1.0]]), rows)])
    assert np.allclose(rows.numpy(), [[0.52], [1.9], [2.71]])
    assert np.allclose(momentum.get_slot(rows, "momentum").numpy(), [[2.8], [1.0], [1.9]])


@pytest.mark.filterwarnings("ignore:GradientTape.gradient")
def test_minimize_and_compute_gradients():
    m = tf.Variable(3.0, name="m")
    opt = tf.train.GradientDescentOptimizer(0.1)
    assert opt.minimize(lambda: m * m, var_list=[m]) is None
    assert m.numpy() == pytest.approx(2.4)
    assert opt.compute_gradients(lambda: tf.constant(2.0), var_list=[m]) == [(None, m)]
    with pytest.raises(ValueError, match=r"^No gradients provided for any variable, check your "
                                         r"graph for ops that do not support gradients, between "
                                         r"variables \[\"<tf.Variable 'm:0' .*\"\] and loss "
                                         r"<function .*>\.$"):
        opt.minimize(lambda: tf.constant(2.0), var_list=[m])
    with pytest.raises(RuntimeError, match="^`loss` passed to Optimizer.compute_gradients should "
                                           "be a function when eager execution is enabled.$"):
        opt.compute_gradients(m * 2)
    step = tf.Variable(5, dtype=tf.int64)
    tf.train.AdamOptimizer(0.1).minimize(lambda: m * m, global_step=step)
    assert step.numpy() == 6


def test_one_apply_gradients_on_50_variables_is_one_compiled_call(monkeypatch):
    traced = []

    class Counting(tf.train.AdamOptimizer):
        def _dense_update(self, *args):
            traced.append(1)
            return super()._dense_update(*args)

    variables = [tf.Variable(tf.fill([3], float(i))) for i in range(50)]
    step = tf.Variable(0, dtype=tf.int64)
    opt = Counting(0.1)
    grads = [tf.ones([3]) for _ in variables]
    opt.apply_gradients(zip(grads, variables), global_step=step)
    states = variables + opt.variables() + [step]
    assert len(states) == 50 * 3 + 2 + 1
    assert len({id(s._snapshot._node) for s in states}) == 1  # one deferred op for everything
    evaluations = []
    original = graph._evaluate
    monkeypatch.setattr(graph, "_evaluate", lambda root: evaluations.append(1) or original(root))
    assert np.allclose([v.numpy() for v in variables[:2]], [[-0.1] * 3, [0.9] * 3])
    assert step.numpy() == 1 and len(evaluations) == 1 and len(traced) == 50
    opt.apply_gradients(zip(grads, variables), global_step=step)
    with tf.GradientTape() as tape:  # the next gradient call runs the pending step first
        loss = tf.add_n([tf.reduce_sum(v) for v in variables])
    tape.gradient(loss, variables)
    assert step.numpy() == 2 and len(evaluations) == 1
    assert np.allclose(variables[0].numpy(), [-0.2] * 3)


def test_global_step_helpers():
    from tfeager_compat.training import training_util
    training_util._GLOBAL_STEP.clear()
    assert tf.train.get_global_step() is None
    with tf.name_scope("ns"):
        step = tf.train.get_or_create_global_step()
    assert step is tf.train.get_or_create_global_step() is tf.train.get_global_step()
    assert repr(step) == "<tf.Variable 'global_step:0' shape=() dtype=int64, numpy=0>"
    assert not step.trainable
    with pytest.raises(ValueError, match='^"global_step" already exists.$'):
        tf.train.create_global_step()
    tf.train.GradientDescentOptimizer(0.1).apply_gradients(
        [(tf.constant([1.0]), tf.Variable([1.0]))], global_step=step)
    assert tf.train.global_step(None, step) == 1 and type(tf.train.global_step(None, step)) is int
    assert tf.train.global_step(None, tf.Variable(2.5)) == 2
    assert tf.train.assert_global_step(step) is None
    with pytest.raises(TypeError, match="^Existing \"global_step\" does not have integer type: "
                                        "<dtype: 'float32'>$"):
        tf.train.assert_global_step(tf.Variable(1.0))
    with pytest.raises(TypeError, match=r"^Existing \"global_step\" is not scalar: \(1,\)$"):
        tf.train.assert_global_step(tf.Variable([1]))
    training_util._GLOBAL_STEP.clear()


def test_adagrad_da_reads_its_global_step_at_each_step():
    step = tf.Variable(0, dtype=tf.int64)
    v = tf.Variable([1.0, -1.0])
    opt = tf.train.AdagradDAOptimizer(0.1, step, l1_regularization_strength=0.2)
    for _ in range(2):
        opt.apply_gradients([(tf.constant([0.5, 0.25]), v)], global_step=step)
    assert v.numpy().tolist() == pytest.approx([-0.0774596706032753, -0.021081851795315742])
    assert step.numpy() == 2


def test_gate_constants_and_adams_beta_accumulators():
    assert (tf.train.Optimizer.GATE_NONE, tf.train.Optimizer.GATE_OP,
            tf.train.AdamOptimizer.GATE_GRAPH) == (0, 1, 2)
    opt = tf.train.AdamOptimizer(0.1)
    assert opt._get_beta_accumulators() == (None, None)
    v = tf.Variable([1.0])
    opt.minimize(lambda: v * v, var_list=[v], gate_gradients=tf.train.Optimizer.GATE_NONE)
    beta1_power, beta2_power = opt._get_beta_accumulators()
    assert beta1_power.name == "beta1_power:0"
    assert beta1_power.numpy() == np.float32(0.80999994)
    assert beta2_power.numpy() == np.float32(0.99800104)
    assert opt._get_non_slot_variable("beta1_power") is beta1_power
    assert opt._get_non_slot_variable("nope") is None


def test_a_learning_rate_schedule_follows_the_global_step():
    step = tf.Variable(0, dtype=tf.int64, trainable=False)
    lr = tf.train.exponential_decay(0.1, step, 2, 0.5, staircase=True)  # a callable in eager
    v = tf.Variable([1.0, -2.0])
    opt = tf.train.MomentumOptimizer(lr, 0.9)
    seen = []
    for _ in range(5):
        opt.minimize(lambda: tf.reduce_sum(v * v), global_step=step)
        seen.append(v.numpy()[0])
    assert np.allclose(seen, [0.8, 0.46, 0.261, 0.0558, -0.03933], rtol=1e-5)
    assert tf.train.global_step(None, step) == 5
