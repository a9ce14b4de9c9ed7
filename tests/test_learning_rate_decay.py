"""tf.train.*_decay and the Keras schedules; every value is TF 2.21 compat.v1's (== TF 1.15's)."""
import functools

import numpy as np
import pytest

STEPS = [0, 1, 3, 5, 7, 10, 12, 25]

# (name, schedule factory, TF's float32 values at STEPS)
TABLE = [
    ("exponential", lambda tf, gs: tf.train.exponential_decay(0.1, gs, 10, 0.96),
     [0.100000001, 0.0995926186, 0.0987828076, 0.0979795903, 0.0971828997, 0.0960000008,
      0.0952194035, 0.0902979895]),
    ("exponential_staircase",
     lambda tf, gs: tf.train.exponential_decay(0.1, gs, 10, 0.96, staircase=True),
     [0.100000001, 0.100000001, 0.100000001, 0.100000001, 0.100000001, 0.0960000008,
      0.0960000008, 0.0921600014]),
    ("natural_exp", lambda tf, gs: tf.train.natural_exp_decay(0.1, gs, 10, 0.5),
     [0.100000001, 0.0951229483, 0.0860707983, 0.0778800771, 0.0704688057, 0.0606530681,
      0.0548811629, 0.0286504813]),
    ("natural_exp_staircase",
     lambda tf, gs: tf.train.natural_exp_decay(0.1, gs, 10, 0.5, staircase=True),
     [0.100000001, 0.100000001, 0.100000001, 0.100000001, 0.100000001, 0.0606530681,
      0.0606530681, 0.0367879458]),
    ("inverse_time", lambda tf, gs: tf.train.inverse_time_decay(0.1, gs, 10, 0.5),
     [0.100000001, 0.0952381045, 0.0869565234, 0.0799999982, 0.0740740746, 0.0666666701,
      0.0625, 0.0444444455]),
    ("inverse_time_staircase",
     lambda tf, gs: tf.train.inverse_time_decay(0.1, gs, 10, 0.5, staircase=True),
     [0.100000001, 0.100000001, 0.100000001, 0.100000001, 0.100000001, 0.0666666701,
      0.0666666701, 0.0500000007]),
    ("polynomial", lambda tf, gs: tf.train.polynomial_decay(0.1, gs, 10),
     [0.100000001, 0.0900100023, 0.0700300038, 0.0500500016, 0.0300700013, 9.99999975e-05,
      9.99999975e-05, 9.99999975e-05]),
    ("polynomial_power",
     lambda tf, gs: tf.train.polynomial_decay(0.1, gs, 10, end_learning_rate=0.01, power=0.5),
     [0.100000001, 0.0953814983, 0.0852994025, 0.0736396089, 0.0592950359, 0.00999999978,
      0.00999999978, 0.00999999978]),
    ("polynomial_cycle",
     lambda tf, gs: tf.train.polynomial_decay(0.1, gs, 10, end_learning_rate=0.01, power=2.0,
                                              cycle=True),
     [0.100000001, 0.0828999951, 0.0540999994, 0.0324999988, 0.0181000009, 0.00999999978,
      0.0243999995, 0.0125000002]),
    ("cosine", lambda tf, gs: tf.train.cosine_decay(0.1, gs, 10),
     [0.100000001, 0.0975528285, 0.0793892667, 0.049999997, 0.0206107404, 0, 0, 0]),
    ("cosine_alpha", lambda tf, gs: tf.train.cosine_decay(0.1, gs, 10, alpha=0.2),
     [0.100000001, 0.0980422646, 0.0835114121, 0.0599999987, 0.0364885926, 0.0200000014,
      0.0200000014, 0.0200000014]),
    ("cosine_restarts", lambda tf, gs: tf.train.cosine_decay_restarts(0.1, gs, 4),
     [0.100000001, 0.0853553414, 0.0146446619, 0.0961939767, 0.0691341683, 0.0146446619,
      0.100000001, 0.00842651725]),
    ("cosine_restarts_same_length",
     lambda tf, gs: tf.train.cosine_decay_restarts(0.1, gs, 4, t_mul=1.0, m_mul=0.5, alpha=0.1),
     [0.100000001, 0.0868198127, 0.0231801961, 0.0484099053, 0.0165900979, 0.0212500002,
      0.0212500002, 0.0112003097]),
    ("cosine_restarts_t_mul_3",
     lambda tf, gs: tf.train.cosine_decay_restarts(0.1, gs, 3, t_mul=3.0, m_mul=0.8),
     [0.100000001, 0.075000003, 0.0800000057, 0.0706417784, 0.0469459295, 0.0093582226,
      0.064000003, 0.0338606387]),
    ("linear_cosine", lambda tf, gs: tf.train.linear_cosine_decay(0.1, gs, 10),
     [0.100100003, 0.0878975391, 0.0556724779, 0.0250999983, 0.00628322223, 0.000100000005,
      0.000100000005, 0.000100000005]),
    ("linear_cosine_periods",
     lambda tf, gs: tf.train.linear_cosine_decay(0.1, gs, 10, num_periods=2.0, alpha=0.1,
                                                 beta=0.01),
     [0.111000001, 0.0664508492, 0.00863933004, 0.0610000007, 0.00481966231, 0.0109999999,
      0.0109999999, 0.0109999999]),
    ("piecewise_constant",
     lambda tf, gs: tf.train.piecewise_constant(gs, [3, 7], [0.1, 0.05, 0.01]),
     [0.100000001, 0.100000001, 0.100000001, 0.0500000007, 0.0500000007, 0.00999999978,
      0.00999999978, 0.00999999978]),
]


@pytest.mark.parametrize("name,make,expected", TABLE, ids=[row[0] for row in TABLE])
def test_schedule_follows_the_global_step(tf, name, make, expected):
    step = tf.Variable(0, trainable=False, dtype=tf.int64)
    schedule = make(tf, step)
    assert isinstance(schedule, functools.partial)  # TF 1.15 eager: partial(schedule, step)
    values = []
    for s in STEPS:
        step.assign(s)
        rate = schedule()
        assert rate.dtype == tf.float32 and rate.shape == ()
        values.append(rate.numpy())
    np.testing.assert_allclose(values, expected, rtol=2e-6, atol=1e-9)


@pytest.mark.parametrize("make,dtype,expected", [
    (lambda tf, lr: tf.train.exponential_decay(lr, 11, 10, 0.96), "float64", 0.0956089053034655),
    (lambda tf, lr: tf.train.inverse_time_decay(lr, 11, 7, 0.3), "float64", 0.06796116418332405),
    (lambda tf, lr: tf.train.natural_exp_decay(lr, 11, 7, 0.3), "float64", 0.06241100212772474),
    (lambda tf, lr: tf.train.polynomial_decay(lr, 11, 7, 0.01, 0.7), "float64",
     0.009999999776482582),
    (lambda tf, lr: tf.train.polynomial_decay(lr, 11, 7.3, 0.01, 0.7, cycle=True), "float64",
     0.04377592803655886),
    # float16 runs op by op, rounding after each op as TF does
    (lambda tf, lr: tf.train.exponential_decay(lr, 11, 10, 0.96), "float16", 0.47802734375),
    (lambda tf, lr: tf.train.inverse_time_decay(lr, 11, 7, 0.3), "float16", 0.33984375),
    (lambda tf, lr: tf.train.natural_exp_decay(lr, 11, 7, 0.3), "float16", 0.31201171875),
    (lambda tf, lr: tf.train.polynomial_decay(lr, 11, 7, 0.01, 0.7), "float16",
     0.01000213623046875),
    (lambda tf, lr: tf.train.polynomial_decay(lr, 11, 7.3, 0.01, 0.7, cycle=True), "float16",
     0.19384765625),
])
def test_rate_keeps_the_learning_rate_dtype(tf, make, dtype, expected):
    lr = tf.constant(0.1 if dtype == "float64" else 0.5, dtype)
    rate = make(tf, lr)()
    assert rate.dtype.name == dtype
    assert rate.numpy() == np.asarray(expected, dtype)


def test_hyperparameters_are_cast_as_tf_casts_them(tf):
    # a Python 0.96 becomes float32 before its cast to float64, as in TF
    rate = tf.train.exponential_decay(tf.constant(0.1, tf.float64), 3, 10, 0.96)()
    assert rate.numpy() == 0.09878280794181708
    # float steps and decay_steps are cast too
    np.testing.assert_allclose([tf.train.exponential_decay(0.1, 3.0, 10, 0.5)().numpy(),
                                tf.train.exponential_decay(0.1, tf.constant(3.5), 10, 0.5)(),
                                tf.train.exponential_decay(0.1, 3, 10.5, 0.5)()],
                               [0.08122524, 0.07845841, 0.08203354], rtol=1e-6)


def test_learning_rate_variable_is_read_on_each_call(tf):
    lr = tf.Variable(0.2)
    schedule = tf.train.inverse_time_decay(lr, 4, 2, 0.5)
    assert schedule().numpy() == np.float32(0.1)
    lr.assign(0.4)
    assert schedule().numpy() == np.float32(0.2)


@pytest.mark.parametrize("make,error,message", [
    (lambda tf: tf.train.exponential_decay(1, 3, 10, 0.5), "InvalidArgumentError",
     "cannot compute Pow as input #1(zero-based) was expected to be a int32 tensor but is a "
     "double tensor [Op:Pow]"),
    (lambda tf: tf.train.inverse_time_decay(tf.constant(1, tf.int64), 3, 10, 0.5),
     "InvalidArgumentError",
     "cannot compute Mul as input #1(zero-based) was expected to be a int64 tensor but is a "
     "double tensor [Op:Mul]"),
    (lambda tf: tf.train.cosine_decay(tf.constant(0.5, tf.float64), 3, 10),
     "InvalidArgumentError",
     "cannot compute Mul as input #1(zero-based) was expected to be a float tensor but is a "
     "double tensor [Op:Mul]"),
    (lambda tf: tf.train.linear_cosine_decay(tf.constant(0.5, tf.float16), 3, 10),
     "InvalidArgumentError",
     "cannot compute Mul as input #1(zero-based) was expected to be a float tensor but is a "
     "half tensor [Op:Mul]"),
    (lambda tf: tf.train.cosine_decay(0.1, 4, 10, alpha=tf.constant(0.1, tf.float64)),
     "InvalidArgumentError",
     "cannot compute Mul as input #1(zero-based) was expected to be a double tensor but is a "
     "float tensor [Op:Mul]"),
    (lambda tf: tf.train.exponential_decay(0.1, None, 10, 0.5), "ValueError",
     "Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a "
     "Tensor."),
])
def test_errors_are_raised_when_called_as_in_tf(tf, make, error, message):
    schedule = make(tf)  # TF 1.15 checks nothing at creation (global_step=None included)
    with pytest.raises(getattr(tf.errors, error, ValueError)) as info:
        schedule()
    assert type(info.value).__name__ == error
    assert str(info.value) == message


@pytest.mark.parametrize("x,boundaries,values,message", [
    (3, [1.0], [1., 2.], "Boundaries (<dtype: 'float32'>) must have the same dtype as x "
                         "(<dtype: 'int32'>)."),
    ("int32", [1, "int64"], [1., 2., 3.], "Boundaries (<dtype: 'int64'>) must have the same "
                                          "dtype as x (<dtype: 'int32'>)."),
    (3, [1], [1., 2], "Values must have elements all with the same dtype (<dtype: 'float32'> "
                      "vs <dtype: 'int32'>)."),
    (3, [1], [1., 2., 3.], "The length of boundaries should be 1 less than the length of values"),
    (3, [1, 2], [1., 2.], "The length of boundaries should be 1 less than the length of values"),
    (3, "tensor", [1., 2., 3.],
     "The length of boundaries should be 1 less than the length of values"),
])
def test_piecewise_constant_checks_at_creation(tf, x, boundaries, values, message):
    if x == "int32":
        x = tf.constant(3)
    boundaries = (tf.constant([1, 4]) if boundaries == "tensor" else
                  [tf.constant(2, tf.int64) if b == "int64" else b for b in boundaries])
    with pytest.raises(ValueError) as info:
        tf.train.piecewise_constant(x, boundaries, values)
    assert str(info.value) == message


@pytest.mark.parametrize("x,boundaries,values,expected,dtype", [
    (3, [10, 5], [1., 2., 3.], 1.0, "float32"),
    (12, [10, 5], [1., 2., 3.], 3.0, "float32"),
    (5, [5, 5], [1., 2., 3.], 1.0, "float32"),
    (6, [5, 5], [1., 2., 3.], 3.0, "float32"),
    ("int64", [1, "int64"], [1, 2, 3], 3, "int32"),     # int32 boundaries widened to int64
    (3.5, [1.0, 4.0], [1, 2, 3], 2, "int32"),
    (3, [[1, 4]], [[1.], [2., 3.]], 2.0, "float32"),   # nested lists are flattened
    (3, (1, 4), (1., 2., 3.), 2.0, "float32"),
    ("int64", [1], ["f64", "f64"], 2.0, "float64"),
    (float("nan"), [1., 4.], [1., 2., 3.], 1.0, "float32"),  # no interval: values[0]
])
def test_piecewise_constant_values(tf, x, boundaries, values, expected, dtype):
    x = tf.constant(3, tf.int64) if x == "int64" else tf.constant(x)
    boundaries = [tf.constant(2, tf.int64) if b == "int64" else b for b in boundaries]
    values = [tf.constant(float(i + 1), tf.float64) if v == "f64" else v
              for i, v in enumerate(values)]
    rate = tf.train.piecewise_constant(x, boundaries, values)()
    assert rate.dtype.name == dtype and rate.numpy() == expected


def test_piecewise_constant_overlapping_boundaries(tf):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.train.piecewise_constant(7, [10, 5], [1., 2., 3.])()
    assert str(info.value) == (
        "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: "
        "b'Input error: exclusive=True: more than 1 conditions (?, ?, ?) evaluated as True:'\n"
        "True, True, False")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"\(\?, \?, \?, \?\).*\n"
                                                              "False, True, True, False"):
        tf.train.piecewise_constant(4, [2, 5, 3], [1., 2., 3., 4.])()
    with pytest.raises(IndexError, match="list index out of range"):
        tf.train.piecewise_constant(3, [], [7.])()


def test_noisy_linear_cosine_decay(tf):
    step = tf.Variable(0, dtype=tf.int64)
    # without noise it is linear_cosine_decay
    quiet = tf.train.noisy_linear_cosine_decay(0.1, step, 10, initial_variance=0.0)
    plain = tf.train.linear_cosine_decay(0.1, step, 10)
    for s in (0, 3, 7, 12):
        step.assign(s)
        np.testing.assert_allclose(quiet().numpy(), plain().numpy(), rtol=1e-6)
    # at step 0 the cosine is 1: rate = lr * (1 + noise + beta), noise ~ N(0, variance)
    step.assign(0)
    tf.set_random_seed(1)
    noisy = tf.train.noisy_linear_cosine_decay(1.0, step, 10, initial_variance=0.04)
    draws = np.array([noisy().numpy() for _ in range(300)]) - 1.001
    assert abs(draws.mean()) < 0.04 and 0.17 < draws.std() < 0.23
    # the variance decays as initial_variance / (1 + step) ^ variance_decay
    step.assign(8)  # linear = 0.2, cosine = 0.5 * (1 + cos(0.8 pi))
    draws = np.array([noisy().numpy() for _ in range(300)])
    cosine = 0.5 * (1 + np.cos(0.8 * np.pi))
    noise = (draws - 0.001) / cosine - 0.2
    assert 0.8 * 0.2 * 9 ** -0.275 < noise.std() < 1.2 * 0.2 * 9 ** -0.275


def test_schedule_as_an_optimizer_learning_rate(tf):
    step = tf.Variable(0, trainable=False, dtype=tf.int64)
    w = tf.Variable([1.0, -2.0])
    rate = tf.train.exponential_decay(0.1, step, 3, 0.5, staircase=True)
    opt = tf.train.GradientDescentOptimizer(rate)
    for _ in range(8):
        opt.minimize(lambda: tf.reduce_sum((w - [3.0, 1.0]) ** 2), global_step=step)
    assert step.numpy() == 8 and rate().numpy() == np.float32(0.025)
    np.testing.assert_allclose(w.numpy(), [2.3262875080108643, -0.010568927973508835],
                               rtol=1e-6)
    m = tf.Variable([1.0, 2.0])
    step.assign(8)
    momentum = tf.train.MomentumOptimizer(
        tf.train.piecewise_constant(step, [10, 12], [0.1, 0.01, 0.001]), 0.9)
    for _ in range(6):
        momentum.minimize(lambda: tf.reduce_sum(m * m), global_step=step)
    assert step.numpy() == 14
    np.testing.assert_allclose(m.numpy(), [-0.011941720731556416, -0.02388344146311283],
                               rtol=1e-5)


def test_keras_schedules(tf):
    schedules = tf.keras.optimizers.schedules
    exponential = schedules.ExponentialDecay(0.1, 10, 0.9)
    assert exponential(tf.constant(5, tf.int64)).numpy() == np.float32(0.094868325)
    assert exponential.get_config() == {"initial_learning_rate": 0.1, "decay_steps": 10,
                                        "decay_rate": 0.9, "staircase": False, "name": None}
    config = schedules.PolynomialDecay(0.1, 10, cycle=True).get_config()
    assert config == {"initial_learning_rate": 0.1, "decay_steps": 10,
                      "end_learning_rate": 0.0001, "power": 1.0, "cycle": True, "name": None}
    assert schedules.PolynomialDecay.from_config(config)(15).numpy() == np.float32(0.025075)
    piecewise = schedules.PiecewiseConstantDecay([2, 4], [1.0, 0.5, 0.25])
    assert [piecewise(tf.constant(3, tf.int64)).numpy(), piecewise(5).numpy(),
            piecewise(2.5).numpy()] == [0.5, 0.25, 0.5]
    assert schedules.InverseTimeDecay(0.1, 1.0, 0.5)(3).numpy() == np.float32(0.04)
    assert tf.keras.experimental.CosineDecay(0.1, 10)(4).numpy() == np.float32(0.06545085)
    assert tf.keras.experimental.CosineDecayRestarts(0.1, 10).get_config() == {
        "initial_learning_rate": 0.1, "first_decay_steps": 10, "t_mul": 2.0, "m_mul": 1.0,
        "alpha": 0.0, "name": None}
    with pytest.raises(ValueError, match="The length of boundaries should be 1 less"):
        schedules.PiecewiseConstantDecay([1, 2], [1.0])

    class Unfinished(schedules.LearningRateSchedule):
        pass

    with pytest.raises(NotImplementedError, match="Learning rate schedule must override "
                                                  "__call__"):
        Unfinished()(3)
