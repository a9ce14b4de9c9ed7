"""tf.keras.optimizers (TF 1.15's OptimizerV2); every value is TensorFlow's (tf-keras 2.x's
legacy optimizers, whose update math is TF 1.15's), unless a test says TF 1.15 differs."""
import numpy as np
import pytest

X, Y = [0.5, -1.0, 2.0], [1.0, 0.5, -1.0]

# (name, optimizer factory, w and b after 12 `minimize` steps, w's slots) on
# loss = sum((w * X - Y)^2) + 3 * (b - 1)^2 from w = [1, -2, 0.5], b = 0.3.
TRAJECTORIES = [
    ("sgd", lambda K: K.SGD(0.1),
     [1.4596399, -0.6030792, -0.5], 0.99998826,
     {}),
    ("sgd_mom", lambda K: K.SGD(0.1, momentum=0.9),
     [2.4497678, -1.1424148, -0.058620483], 1.2989705,
     {"momentum": [0.055390317, -0.26102966, 0.49927804]}),
    ("sgd_nest", lambda K: K.SGD(0.1, momentum=0.9, nesterov=True),
     [2.3387673, -0.70550567, -0.5000158], 0.99897283,
     {"momentum": [0.047302447, -0.07572253, -4.6824713e-05]}),
    ("sgd_decay", lambda K: K.SGD(0.1, decay=0.1),
     [1.3401344, -0.75714284, -0.49995577], 0.99891639,
     {}),
    ("adam", lambda K: K.Adam(0.1),
     [2.0589342, -0.8683359, -0.55893719], 1.217746,
     {"m": [-0.13128787, -1.2154057, 2.1005926],
      "v": [0.00097320112, 0.049433291, 0.24913841]}),
    ("adam_ams", lambda K: K.Adam(0.1, amsgrad=True),
     [2.0589023, -0.8683359, -0.55890536], 1.2177358,
     {"m": [-0.13128787, -1.2154057, 2.1005926],
      "v": [0.00097320112, 0.049433291, 0.24913841],
      "vhat": [0.00097416871, 0.049433291, 0.24938612]}),
    ("adam_decay", lambda K: K.Adam(0.05, decay=0.1),
     [1.4000288, -1.5966163, 0.099969767], 0.69445848,
     {"m": [-0.26805016, -1.788102, 4.2887979],
      "v": [0.0018908096, 0.079677053, 0.48404634]}),
    ("adam_lrchange", lambda K: K.Adam(0.1),
     [1.6884443, -1.2960842, -0.18844691], 0.95667917,
     {"m": [-0.17544824, -1.409291, 2.8071594],
      "v": [0.0010896393, 0.055678457, 0.27894628]}),
    ("rms", lambda K: K.RMSprop(0.01),
     [1.1902879, -1.8073033, 0.3097119], 0.48703131,
     {"rms": [0.13851902, 5.4433398, 35.460865]}),
    ("rms_mom", lambda K: K.RMSprop(0.01, momentum=0.9),
     [1.8809882, -1.0687015, -0.38098919], 1.1051439,
     {"rms": [0.064833805, 3.2464755, 16.597425],
      "momentum": [-0.07598865, -0.088600814, 0.075988665]}),
    ("rms_cent", lambda K: K.RMSprop(0.01, centered=True),
     [1.2539337, -1.7409376, 0.24606626], 0.54680425,
     {"rms": [0.13022278, 5.2244, 33.337032],
      "mg": [-0.30474764, -1.9337349, 4.8759623]}),
    ("rms_cent_mom", lambda K: K.RMSprop(0.01, momentum=0.5, centered=True),
     [1.4439983, -1.5376545, 0.056001354], 0.71777081,
     {"rms": [0.10199413, 4.4440713, 26.110485],
      "momentum": [-0.033845603, -0.03754171, 0.033845644],
      "mg": [-0.2668567, -1.7761922, 4.2697062]}),
    ("adagrad", lambda K: K.Adagrad(0.1),
     [1.459771, -1.4850459, 0.010032235], 0.75352126,
     {"accumulator": [1.7663854, 70.307289, 401.4863]}),
    ("adadelta", lambda K: K.Adadelta(1.0),
     [1.0174781, -1.9824873, 0.48252168], 0.31743422,
     {"accum_grad": [0.11289097, 4.088151, 28.90008],
      "accum_var": [9.7917564e-07, 9.8352996e-07, 9.7918371e-07]}),
    ("adamax", lambda K: K.Adamax(0.1),
     [1.8674287, -1.0300449, -0.36742878], 1.0495235,
     {"m": [-0.16281551, -1.3112963, 2.6050477],
      "v": [0.49452749, 2.9671652, 7.9124398]}),
    ("nadam", lambda K: K.Nadam(0.1),
     [1.7791196, -1.1440347, -0.27911955], 0.97246951,
     {"m": [-0.1886723, -1.4336296, 3.0187571],
      "v": [0.0012344283, 0.058816634, 0.31601366]}),
    ("ftrl", lambda K: K.Ftrl(0.1),
     [0.99178243, -1.2999823, -0.0061169825], 0.73766166,
     {"accumulator": [4.383708, 51.791855, 384.56308],
      "linear": [-20.765253, 93.555244, 1.1995573]}),
    ("ftrl_reg", lambda K: K.Ftrl(
        0.1, learning_rate_power=-0.7, l1_regularization_strength=0.01,
        l2_regularization_strength=0.02, l2_shrinkage_regularization_strength=0.05),
     [0.99472409, -1.6214845, 0.30813903], 0.52375895,
     {"accumulator": [3.9688315, 74.639839, 597.82025],
      "linear": [-26.157362, 331.96341, -270.63373]}),
    ("sgd_clipnorm", lambda K: K.SGD(0.1, clipnorm=0.5),
     [1.045766, -1.742262, -0.038496323], 0.90000015,
     {}),
    ("adam_clipvalue", lambda K: K.Adam(0.1, clipvalue=0.1),
     [2.1528168, -0.80001867, -0.65188652], 1.1805445,
     {"m": [-0.044770159, -0.071757048, 0.042769022],
      "v": [9.3566377e-05, 0.00011934068, 0.00010935083]}),
    ("sgd_schedule", lambda K: K.SGD(K.schedules.ExponentialDecay(0.1, 2, 0.5)),
     [1.1568489, -1.2323847, -0.48115423], 0.94631588,
     {}),
    ("sgd_lr_kw", lambda K: K.SGD(lr=0.3, learning_rate=0.1),
     [1.8577583, -0.50002515, 56.193962], 0.95189637,
     {}),
]


def _train(tf, opt, steps=12, hook=None):
    w = tf.Variable([1.0, -2.0, 0.5])
    b = tf.Variable(0.3)

    def loss():
        return tf.reduce_sum((w * tf.constant(X) - Y) ** 2) + (b - 1.0) ** 2 * 3.0

    for i in range(steps):
        if hook:
            hook(i, opt)
        opt.minimize(loss, [w, b])
    return w, b


def _lower_learning_rate(i, opt):
    if i == 6:
        opt.learning_rate = 0.02  # assigned into the hyperparameter Variable


@pytest.mark.parametrize("name,make,w_after,b_after,slots", TRAJECTORIES,
                         ids=[row[0] for row in TRAJECTORIES])
def test_trajectory(tf, name, make, w_after, b_after, slots):
    opt = make(tf.keras.optimizers)
    w, b = _train(tf, opt, hook=_lower_learning_rate if name == "adam_lrchange" else None)
    np.testing.assert_allclose(w.numpy(), w_after, rtol=2e-6, atol=1e-7)
    np.testing.assert_allclose(b.numpy(), b_after, rtol=2e-6)
    assert opt.iterations.numpy() == 12 and opt.iterations.dtype == tf.int64
    assert opt.get_slot_names() == list(slots)
    for slot, expected in slots.items():
        np.testing.assert_allclose(opt.get_slot(w, slot).numpy(), expected, rtol=2e-6,
                                   atol=1e-10)


def test_sparse_gradients(tf):
    """Gradients of tf.gather (IndexedSlices) with Keras's sparse semantics."""
    expected = {
        "SGD": [[0.216, 0.432], [3.0, 4.0], [2.56, 3.072]],
        "SGD_momentum": [[-0.54, -1.08], [3.0, 4.0], [0.31, 0.372]],
        "Adam": [[0.701586, 1.700624], [3.0, 4.0], [4.700214, 5.700175]],
        "RMSprop": [[0.369181, 1.308718], [3.0, 4.0], [4.279289, 5.276314]],
        "Nadam": [[0.752729, 1.747508], [3.0, 4.0], [4.744608, 5.744295]],
        "Adagrad": [[0.780922, 1.775941], [3.0, 4.0], [4.773296, 5.772991]],
    }
    K = tf.keras.optimizers
    makers = {"SGD": lambda: K.SGD(0.1), "SGD_momentum": lambda: K.SGD(0.1, momentum=0.9),
              "Adam": lambda: K.Adam(0.1), "RMSprop": lambda: K.RMSprop(0.1),
              "Nadam": lambda: K.Nadam(0.1), "Adagrad": lambda: K.Adagrad(0.1)}
    for name, make in makers.items():
        opt, e = make(), tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        for _ in range(3):
            with tf.GradientTape() as tape:
                loss = tf.reduce_sum(tf.gather(e, [0, 2, 0]) ** 2)
            opt.apply_gradients([(tape.gradient(loss, e), e)])
        np.testing.assert_allclose(e.numpy(), expected[name], rtol=1e-5, err_msg=name)


def test_weights_names_and_hyperparameters(tf):
    w = tf.Variable([1.0, -2.0], name="w")
    b = tf.Variable(0.5, name="b")
    grads = [(tf.constant([0.1, 0.2]), w), (tf.constant(1.0), b)]
    opt = tf.keras.optimizers.Nadam(0.1)
    assert opt.get_slot_names() == [] and opt.weights == []
    assert opt.apply_gradients(grads) is opt.iterations
    assert [v.name for v in opt.weights] == [
        "Nadam/iter:0", "Nadam/momentum_cache:0", "Nadam/w/m:0", "Nadam/b/m:0",
        "Nadam/w/v:0", "Nadam/b/v:0"]
    assert opt.variables() == opt.weights
    assert opt.learning_rate.name == "Nadam/learning_rate:0" and opt.lr is opt.learning_rate
    ftrl = tf.keras.optimizers.Ftrl(0.1)
    ftrl.apply_gradients(grads)
    assert [v.name for v in ftrl.weights] == [  # each variable's slots together
        "Ftrl/iter:0", "Ftrl/w/accumulator:0", "Ftrl/w/linear:0", "Ftrl/b/accumulator:0",
        "Ftrl/b/linear:0"]
    # read before any step: the hyperparameters become Variables outside the name scope
    adam = tf.keras.optimizers.Adam(0.1)
    assert adam.lr.name == "learning_rate:0" and adam.beta_1.dtype == tf.float32
    adam.lr = 0.05  # assigned in place
    assert adam.learning_rate.numpy() == np.float32(0.05) and adam.epsilon == 1e-7
    sgd = tf.keras.optimizers.SGD(1, momentum=0.5)
    assert sgd.lr.dtype == tf.int32  # an int hyperparameter is an int32 Variable
    with pytest.raises(KeyError, match="foo"):
        opt.get_slot(w, "foo")
    with pytest.raises(AttributeError, match="'Nadam' object has no attribute 'foo'"):
        opt.foo  # noqa: B018


def test_config_round_trip(tf):
    K = tf.keras.optimizers
    assert K.Adam().get_config() == {"name": "Adam", "learning_rate": 0.001, "decay": 0.0,
                                     "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07,
                                     "amsgrad": False}
    assert K.SGD(lr=0.1, decay=0.5, clipnorm=1.0).get_config() == {
        "name": "SGD", "clipnorm": 1.0, "learning_rate": 0.1, "decay": 0.5, "momentum": 0.0,
        "nesterov": False}
    assert K.Nadam().get_config()["decay"] == 0.004
    assert K.Ftrl(lr=0.5).get_config() == {  # TF 1.15's Ftrl does not read lr=
        "name": "Ftrl", "learning_rate": 0.001, "decay": 0.0, "initial_accumulator_value": 0.1,
        "learning_rate_power": -0.5, "l1_regularization_strength": 0.0,
        "l2_regularization_strength": 0.0, "l2_shrinkage_regularization_strength": 0.0}
    for cls in (K.SGD, K.Adam, K.RMSprop, K.Adagrad, K.Adadelta, K.Adamax, K.Nadam, K.Ftrl):
        config = cls(name="x").get_config()
        assert cls.from_config(config).get_config() == config
    schedule = K.schedules.ExponentialDecay(0.1, 10, 0.9)
    config = K.SGD(schedule).get_config()
    assert config["learning_rate"] == {"class_name": "ExponentialDecay", "config": {
        "initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.9,
        "staircase": False, "name": None}}
    rebuilt = K.SGD.from_config(config)
    assert isinstance(rebuilt.learning_rate, K.schedules.ExponentialDecay)


def test_get_serialize_deserialize(tf):
    K = tf.keras.optimizers
    assert type(K.get("adam")) is K.Adam and type(K.get("RMSprop")) is K.RMSprop
    opt = K.SGD(0.3)
    assert K.get(opt) is opt
    assert K.serialize(opt) == {"class_name": "SGD", "config": {
        "name": "SGD", "learning_rate": 0.3, "decay": 0.0, "momentum": 0.0, "nesterov": False}}
    copy = K.deserialize(K.serialize(opt))
    assert type(copy) is K.SGD and copy.get_config() == opt.get_config()
    assert K.get({"class_name": "Adagrad", "config": {"learning_rate": 0.2}}).get_config()[
        "learning_rate"] == 0.2
    with pytest.raises(ValueError, match="^Unknown optimizer: foo$"):
        K.get("foo")
    with pytest.raises(ValueError) as info:
        K.get(3)
    assert info.value.args == ("Could not interpret optimizer identifier:", 3)
    schedule = K.schedules.PolynomialDecay(0.1, 10, cycle=True)
    again = K.schedules.deserialize(K.schedules.serialize(schedule))
    assert type(again) is K.schedules.PolynomialDecay
    assert again.get_config() == schedule.get_config()


@pytest.mark.parametrize("make,error,message", [
    (lambda K: K.SGD(foo=1), TypeError, "Unexpected keyword argument passed to optimizer: foo"),
    (lambda K: K.SGD(clipnorm=-1), ValueError, "Expected clipnorm >= 0, received: -1"),
    (lambda K: K.SGD(momentum=1.5), ValueError, "`momentum` must be between [0, 1]."),
    (lambda K: K.Adagrad(initial_accumulator_value=-1.0), ValueError,
     "initial_accumulator_value must be non-negative: -1.0"),
    (lambda K: K.Ftrl(learning_rate_power=0.5), ValueError,
     "learning_rate_power 0.500000 needs to be negative or zero"),
    (lambda K: K.Nadam(K.schedules.ExponentialDecay(0.1, 10, 0.9)), ValueError,
     "The Nadam optimizer does not support tf.keras.optimizers.LearningRateSchedules as "
     "the learning rate."),
])
def test_constructor_errors(tf, make, error, message):
    with pytest.raises(error) as info:
        make(tf.keras.optimizers)
    assert str(info.value) == message


def test_apply_gradients_errors_and_clipping(tf):
    w = tf.Variable([1.0, 2.0], name="w")
    opt = tf.keras.optimizers.SGD(0.1, clipnorm=0.5)
    with pytest.raises(ValueError, match=r"^No gradients provided for any variable: "
                                         r"\['w:0'\]\.$"):
        opt.apply_gradients([(None, w)])
    # TF 1.15 clips in minimize only; apply_gradients takes the gradient as given
    opt.apply_gradients([(tf.constant([3.0, 4.0]), w)])
    np.testing.assert_allclose(w.numpy(), [0.7, 1.6], rtol=1e-6)
    opt.minimize(lambda: tf.reduce_sum(w * tf.constant([3.0, 4.0])), [w])
    np.testing.assert_allclose(w.numpy(), [0.67, 1.56], rtol=1e-6)
    assert opt.iterations.numpy() == 2
