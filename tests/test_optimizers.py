"""Every TF1 `tf.train` optimizer against TensorFlow: 20 training steps, dense and sparse.

Each case trains a fixed problem with a learning rate held in a Variable (0.1, then 0.05 from
step 10) and a global step, then checks the variables, every slot and non-slot variable (by
the name and order `optimizer.variables()` gives) and the step. The sparse problem feeds an
embedding an `IndexedSlices` gradient with a duplicate index (rows 0, 3, 0 of 5) and a bias a
dense one, in the same step. Literals: TensorFlow 2.21 `compat.v1` running the same loops.
"""
import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.autodiff import graph

CASES = {
    "sgd": lambda lr, gs: tf.train.GradientDescentOptimizer(lr),
    "momentum": lambda lr, gs: tf.train.MomentumOptimizer(lr, 0.9),
    "nesterov": lambda lr, gs: tf.train.MomentumOptimizer(lr, 0.5, use_nesterov=True),
    "adam": lambda lr, gs: tf.train.AdamOptimizer(lr),
    "adam_custom": lambda lr, gs: tf.train.AdamOptimizer(lr, beta1=lambda: 0.8, beta2=0.99,
                                                         epsilon=1e-3),
    "adagrad": lambda lr, gs: tf.train.AdagradOptimizer(lr),
    "adagrad_da": lambda lr, gs: tf.train.AdagradDAOptimizer(lr, gs),
    "adagrad_da_l1l2": lambda lr, gs: tf.train.AdagradDAOptimizer(
        lr, gs, l1_regularization_strength=0.05, l2_regularization_strength=0.1),
    "rmsprop": lambda lr, gs: tf.train.RMSPropOptimizer(lr),
    "rmsprop_centered": lambda lr, gs: tf.train.RMSPropOptimizer(
        lr, decay=0.8, momentum=0.5, epsilon=1e-6, centered=True),
    "adadelta": lambda lr, gs: tf.train.AdadeltaOptimizer(lr),
    "ftrl": lambda lr, gs: tf.train.FtrlOptimizer(lr),
    "ftrl_l1l2": lambda lr, gs: tf.train.FtrlOptimizer(
        lr, l1_regularization_strength=0.05, l2_regularization_strength=0.1),
    "ftrl_power_shrinkage": lambda lr, gs: tf.train.FtrlOptimizer(
        lr, learning_rate_power=-0.7, initial_accumulator_value=0.5,
        l2_shrinkage_regularization_strength=0.2),
    "proximal_sgd": lambda lr, gs: tf.train.ProximalGradientDescentOptimizer(
        lr, l1_regularization_strength=0.05, l2_regularization_strength=0.1),
    "proximal_adagrad": lambda lr, gs: tf.train.ProximalAdagradOptimizer(
        lr, l1_regularization_strength=0.05, l2_regularization_strength=0.1),
    "proximal_adagrad_l2": lambda lr, gs: tf.train.ProximalAdagradOptimizer(
        lr, l2_regularization_strength=0.1),
}

# name: (w or embedding, bias, [(optimizer variable name, value), ...]) after 20 steps.
DENSE = {
    "sgd": ([[1.3661982], [-0.48912001]], [0.61166334], []),
    "momentum": ([[1.3734978], [-0.48969379]], [0.653521],
     [("momentum_b/Momentum:0", [-2.8886201]),
      ("momentum_w/Momentum:0", [[1.795503], [-0.006189391]])]),
    "nesterov": ([[1.3669257], [-0.48921025]], [0.61150575],
     [("nesterov_b/Momentum:0", [4.7317008e-06]),
      ("nesterov_w/Momentum:0", [[-0.00017004376], [-1.660781e-06]])]),
    "adam": ([[1.5189909], [-0.51471901]], [0.69748986],
     [("adam_b/Adam:0", [0.63378227]), ("adam_b/Adam_1:0", [0.04436034]),
      ("adam_w/Adam:0", [[0.052747525], [0.047753751]]),
      ("adam_w/Adam_1:0", [[0.047787327], [0.0036891478]]),
      ("beta1_power:0", 0.10941893), ("beta2_power:0", 0.97920889)]),
    "adam_custom": ([[1.4202595], [-0.49297926]], [0.61983073],
     [("adam_custom_b/Adam:0", [0.39835316]),
      ("adam_custom_b/Adam_1:0", [0.29019639]),
      ("adam_custom_w/Adam:0", [[0.086100765], [-0.028232228]]),
      ("adam_custom_w/Adam_1:0", [[0.39188957], [0.021071389]]),
      ("beta1_power:0", 0.0092233773), ("beta2_power:0", 0.80972803)]),
    "adagrad": ([[1.0230002], [-0.44603467]], [0.54378819],
     [("adagrad_b/Adagrad:0", [48.187382]),
      ("adagrad_w/Adagrad:0", [[94.115067], [1.393944]])]),
    "adagrad_da": ([[0.22320203], [-0.21310624]], [0.22220178],
     [("adagrad_da_b/AdagradDA:0", [-57.006683]),
      ("adagrad_da_b/AdagradDA_1:0", [164.54947]),
      ("adagrad_da_w/AdagradDA:0", [[-90.141037], [45.665462]]),
      ("adagrad_da_w/AdagradDA_1:0", [[407.74518], [114.79512]])]),
    "adagrad_da_l1l2": ([[0.21964598], [-0.20752965]], [0.2167681],
     [("adagrad_da_l1l2_b/AdagradDA:0", [-57.501438]),
      ("adagrad_da_l1l2_b/AdagradDA_1:0", [167.25455]),
      ("adagrad_da_l1l2_w/AdagradDA:0", [[-90.282539], [47.123455]]),
      ("adagrad_da_l1l2_w/AdagradDA_1:0", [[409.01794], [121.2751]])]),
    "rmsprop": ([[1.3633393], [-0.48870963]], [0.61211628],
     [("rmsprop_b/RMSProp:0", [0.36192679]),
      ("rmsprop_b/RMSProp_1:0", [0.00019697357]),
      ("rmsprop_w/RMSProp:0", [[0.55257821], [0.17454028]]),
      ("rmsprop_w/RMSProp_1:0", [[-0.001272802], [-3.9776362e-05]])]),
    "rmsprop_centered": ([[1.3649386], [-0.50049675]], [0.61052054],
     [("rmsprop_centered_b/RMSProp:0", [0.075163104]),
      ("rmsprop_centered_b/RMSProp_1:0", [-0.0033545615]),
      ("rmsprop_centered_b/RMSProp_2:0", [0.0022615388]),
      ("rmsprop_centered_w/RMSProp:0", [[0.093447961], [0.058342658]]),
      ("rmsprop_centered_w/RMSProp_1:0", [[-0.020113138], [0.02623794]]),
      ("rmsprop_centered_w/RMSProp_2:0", [[0.0026999295], [0.018230248]])]),
    "adadelta": ([[0.5006994], [-0.30069736]], [0.10069929],
     [("adadelta_b/Adadelta:0", [7.4050117]),
      ("adadelta_b/Adadelta_1:0", [1.4234581e-07]),
      ("adadelta_w/Adadelta:0", [[8.2617712], [0.69908762]]),
      ("adadelta_w/Adadelta_1:0", [[1.4242737e-07], [1.4121163e-07]])]),
    "ftrl": ([[0.60279119], [-0.36307111]], [0.36846069],
     [("ftrl_b/Ftrl:0", [86.004639]), ("ftrl_b/Ftrl_1:0", [-68.341118]),
      ("ftrl_w/Ftrl:0", [[178.5204], [19.172791]]),
      ("ftrl_w/Ftrl_1:0", [[-161.0797], [31.795403]])]),
    "ftrl_l1l2": ([[0.60079354], [-0.36216021]], [0.36741611],
     [("ftrl_l1l2_b/Ftrl:0", [86.739677]), ("ftrl_l1l2_b/Ftrl_1:0", [-68.561447]),
      ("ftrl_l1l2_w/Ftrl:0", [[179.71773], [19.639565]]),
      ("ftrl_l1l2_w/Ftrl_1:0", [[-161.25354], [32.221809]])]),
    "ftrl_power_shrinkage": ([[0.39957988], [-0.2693091]], [0.21284255],
     [("ftrl_power_shrinkage_b/Ftrl:0", [149.65327]),
      ("ftrl_power_shrinkage_b/Ftrl_1:0", [-141.79103]),
      ("ftrl_power_shrinkage_w/Ftrl:0", [[251.99326], [47.56974]]),
      ("ftrl_power_shrinkage_w/Ftrl_1:0", [[-383.35913], [80.42897]])]),
    "proximal_sgd": ([[1.3198801], [-0.47720042]], [0.59602535], []),
    "proximal_adagrad": ([[1.0004092], [-0.43699992]], [0.52978712],
     [("proximal_adagrad_b/ProximalAdagrad:0", [50.551414]),
      ("proximal_adagrad_w/ProximalAdagrad:0", [[97.926559], [1.6654524]])]),
    "proximal_adagrad_l2": ([[1.008859], [-0.44145435]], [0.53743887],
     [("proximal_adagrad_l2_b/ProximalAdagrad:0", [49.165642]),
      ("proximal_adagrad_l2_w/ProximalAdagrad:0", [[96.451309], [1.4756358]])]),
}

SPARSE = {
    "sgd": ([[-0.1588607, -0.82543689], [1.0, 1.0], [0.2, 0.30000001],
      [0.32267013, 1.6558799], [0.0, 0.1]],
     [0.16380948, 0.33044305], []),
    "momentum": ([[-0.31104228, -1.0420539], [1.0, 1.0], [0.2, 0.30000001],
      [0.56314337, 1.8762], [0.0, 0.1]],
     [0.25210142, 0.33414614],
     [("momentum_bias/Momentum:0", [-0.60513228, 0.90710402]),
      ("momentum_emb/Momentum:0",
       [[0.073234171, 1.18625], [0.0, 0.0], [0.0, 0.0], [-0.67836607, -0.27914566],
        [0.0, 0.0]])]),
    "nesterov": ([[-0.16668591, -0.83335268], [1.0, 1.0], [0.2, 0.30000001],
      [0.33335963, 1.6666934], [0.0, 0.1]],
     [0.16667372, 0.33334035],
     [("nesterov_bias/Momentum:0", [0.00020573495, 0.00020869401]),
      ("nesterov_emb/Momentum:0",
       [[-0.00056247751, -0.00056880695], [0.0, 0.0], [0.0, 0.0],
        [0.00076821249, 0.00077750091], [0.0, 0.0]])]),
    "adam": ([[-0.30849239, -1.0400813], [1.0, 1.0], [0.2, 0.30000001],
      [0.5056532, 1.7935382], [0.0, 0.1]],
     [0.18110134, 0.41280237],
     [("adam_bias/Adam:0", [0.016487513, -0.020851551]),
      ("adam_bias/Adam_1:0", [0.0032046777, 0.0223282]),
      ("adam_emb/Adam:0",
       [[-0.15576562, -0.028683806], [0.0, 0.0], [0.0, 0.0],
        [0.17225315, 0.0078322515], [0.0, 0.0]]),
      ("adam_emb/Adam_1:0",
       [[0.011341157, 0.0094008949], [0.0, 0.0], [0.0, 0.0],
        [0.01360473, 0.024168307], [0.0, 0.0]]),
      ("beta1_power:0", 0.10941893), ("beta2_power:0", 0.97920889)]),
    "adam_custom": ([[-0.20521173, -0.93656075], [1.0, 1.0], [0.2, 0.30000001],
      [0.40761393, 1.68521], [0.0, 0.1]],
     [0.17968477, 0.42071003],
     [("adam_custom_bias/Adam:0", [0.005803993, 0.00097172149]),
      ("adam_custom_bias/Adam_1:0", [0.017734434, 0.17765476]),
      ("adam_custom_emb/Adam:0",
       [[-0.15815419, -0.092130974], [0.0, 0.0], [0.0, 0.0],
        [0.16395818, 0.093102679], [0.0, 0.0]]),
      ("adam_custom_emb/Adam_1:0",
       [[0.092657246, 0.051811121], [0.0, 0.0], [0.0, 0.0],
        [0.099031582, 0.2039703], [0.0, 0.0]]),
      ("beta1_power:0", 0.0092233773), ("beta2_power:0", 0.80972803)]),
    "adagrad": ([[0.046960875, -0.6912393], [1.0, 1.0], [0.2, 0.30000001],
      [0.11818317, 1.3050133], [0.0, 0.1]],
     [0.090173602, 0.23511779],
     [("adagrad_bias/Adagrad:0", [0.8002364, 43.30621]),
      ("adagrad_emb/Adagrad:0",
       [[21.830418, 1.7042229], [0.1, 0.1], [0.1, 0.1], [20.311178, 48.455791],
        [0.1, 0.1]])]),
    "adagrad_da": ([[-0.078858629, -0.21166493], [1.0, 1.0], [0.2, 0.30000001],
      [0.19118561, 0.22307898], [0.0, 0.1]],
     [0.12608466, 0.20503652],
     [("adagrad_da_bias/AdagradDA:0", [-6.0603514, -25.760799]),
      ("adagrad_da_bias/AdagradDA_1:0", [5.7757864, 39.463558]),
      ("adagrad_da_emb/AdagradDA:0",
       [[4.1318011, 38.13216], [0.0, 0.0], [0.0, 0.0], [-10.192152, -63.892956],
        [0.0, 0.0]]),
      ("adagrad_da_emb/AdagradDA_1:0",
       [[6.863102, 81.138123], [0.1, 0.1], [0.1, 0.1], [7.1049562, 205.08253],
        [0.1, 0.1]])]),
    "adagrad_da_l1l2": ([[-0.061250459, -0.20386226], [1.0, 1.0], [0.2, 0.30000001],
      [0.17366083, 0.21812901], [0.0, 0.1]],
     [0.11222041, 0.19526495],
     [("adagrad_da_l1l2_bias/AdagradDA:0", [-6.7312226, -26.306721]),
      ("adagrad_da_l1l2_bias/AdagradDA_1:0", [6.019938, 40.705654]),
      ("adagrad_da_l1l2_emb/AdagradDA:0",
       [[4.333282, 38.049545], [0.0, 0.0], [0.0, 0.0], [-11.064504, -64.35627],
        [0.0, 0.0]]),
      ("adagrad_da_l1l2_emb/AdagradDA_1:0",
       [[6.8697782, 80.764488], [0.1, 0.1], [0.1, 0.1], [7.8273888, 208.01311],
        [0.1, 0.1]])]),
    "rmsprop": ([[-0.15520248, -0.85798657], [1.0, 1.0], [0.2, 0.30000001],
      [0.33678609, 1.6297123], [0.0, 0.1]],
     [0.15749654, 0.36069274],
     [("rmsprop_bias/RMSProp:0", [0.13322781, 0.34875548]),
      ("rmsprop_bias/RMSProp_1:0", [-0.00041402748, -0.0009265914]),
      ("rmsprop_emb/RMSProp:0",
       [[0.26638049, 0.16172606], [1.0, 1.0], [1.0, 1.0], [0.2537517, 0.38204917],
        [1.0, 1.0]]),
      ("rmsprop_emb/RMSProp_1:0",
       [[0.0011894238, 0.0017606155], [0.0, 0.0], [0.0, 0.0],
        [-0.0015186627, -0.0020307968], [0.0, 0.0]])]),
    "rmsprop_centered": ([[-0.13237439, -0.83099085], [1.0, 1.0], [0.2, 0.30000001],
      [0.36635837, 1.6683096], [0.0, 0.1]],
     [0.13230139, 0.331489],
     [("rmsprop_centered_bias/RMSProp:0", [0.017136205, 0.062571637]),
      ("rmsprop_centered_bias/RMSProp_1:0", [-0.001633359, -0.014519227]),
      ("rmsprop_centered_bias/RMSProp_2:0", [0.00056906918, -0.00019589046]),
      ("rmsprop_centered_emb/RMSProp:0",
       [[0.036781661, 0.029918481], [1.0, 1.0], [1.0, 1.0],
        [0.035372268, 0.056578599], [1.0, 1.0]]),
      ("rmsprop_centered_emb/RMSProp_1:0",
       [[0.012910069, 0.0063496805], [0.0, 0.0], [0.0, 0.0],
        [-0.014543424, -0.020868909], [0.0, 0.0]]),
      ("rmsprop_centered_emb/RMSProp_2:0",
       [[2.4909619e-05, -0.0013219249], [0.0, 0.0], [0.0, 0.0],
        [0.00037186866, 0.00075816258], [0.0, 0.0]])]),
    "adadelta": ([[0.49930102, -0.49930218], [1.0, 1.0], [0.2, 0.30000001],
      [-0.39930034, 0.80069923], [0.0, 0.1]],
     [0.099302158, -0.19930099],
     [("adadelta_bias/Adadelta:0", [0.40692228, 8.2893476]),
      ("adadelta_bias/Adadelta_1:0", [1.4151354e-07, 1.421777e-07]),
      ("adadelta_emb/Adadelta:0",
       [[3.6841569, 0.40692049], [0.0, 0.0], [0.0, 0.0], [1.6422729, 5.0230675],
        [0.0, 0.0]]),
      ("adadelta_emb/Adadelta_1:0",
       [[1.4217775e-07, 1.4151303e-07], [0.0, 0.0], [0.0, 0.0],
        [1.4251013e-07, 1.4236777e-07], [0.0, 0.0]])]),
    "ftrl": ([[-0.016439311, -0.45406592], [1.0, 1.0], [0.2, 0.30000001],
      [0.12993221, 0.72336686], [0.0, 0.1]],
     [0.12328841, 0.19122539],
     [("ftrl_bias/Ftrl:0", [1.4718716, 46.925854]),
      ("ftrl_bias/Ftrl_1:0", [-2.9914875, -26.198816]),
      ("ftrl_emb/Ftrl:0",
       [[15.80431, 14.096473], [0.1, 0.1], [0.1, 0.1], [16.818344, 96.032669],
        [0.1, 0.1]]),
      ("ftrl_emb/Ftrl_1:0",
       [[1.3070776, 34.096054], [0.0, 0.0], [0.0, 0.0], [-10.657084, -141.77449],
        [0.0, 0.0]])]),
    "ftrl_l1l2": ([[-0.01582294, -0.44801405], [1.0, 1.0], [0.2, 0.30000001],
      [0.13027044, 0.72022134], [0.0, 0.1]],
     [0.12298689, 0.18988501],
     [("ftrl_l1l2_bias/Ftrl:0", [1.476387, 46.349361]),
      ("ftrl_l1l2_bias/Ftrl_1:0", [-3.0633428, -25.942854]),
      ("ftrl_l1l2_emb/Ftrl:0",
       [[15.583913, 14.775721], [0.1, 0.1], [0.1, 0.1], [16.696068, 97.054131],
        [0.1, 0.1]]),
      ("ftrl_l1l2_emb/Ftrl_1:0",
       [[1.3024318, 34.582203], [0.0, 0.0], [0.0, 0.0], [-10.721968, -142.10077],
        [0.0, 0.0]])]),
    "ftrl_power_shrinkage": ([[0.042825788, -0.27710345], [1.0, 1.0], [0.2, 0.30000001],
      [0.058738265, 0.52693129], [0.0, 0.1]],
     [0.097242303, 0.068959393],
     [("ftrl_power_shrinkage_bias/Ftrl:0", [2.0566454, 64.807564]),
      ("ftrl_power_shrinkage_bias/Ftrl_1:0", [-3.2217872, -25.571808]),
      ("ftrl_power_shrinkage_emb/Ftrl:0",
       [[19.154806, 20.795862], [0.5, 0.5], [0.5, 0.5], [21.444157, 141.51166],
        [0.5, 0.5]]),
      ("ftrl_power_shrinkage_emb/Ftrl_1:0",
       [[-6.7659655, 46.371998], [0.0, 0.0], [0.0, 0.0], [-10.043091, -337.55029],
        [0.0, 0.0]])]),
    "proximal_sgd": ([[-0.11953975, -0.77116311], [1.0, 1.0], [0.2, 0.30000001],
      [0.3064324, 1.5781296], [0.0, 0.1]],
     [0.13517304, 0.30696717], []),
    "proximal_adagrad": ([[0.033717036, -0.64200294], [1.0, 1.0], [0.2, 0.30000001],
      [0.12260053, 1.2680889], [0.0, 0.1]],
     [0.086252131, 0.21924523],
     [("proximal_adagrad_bias/ProximalAdagrad:0", [0.97479099, 41.322666]),
      ("proximal_adagrad_emb/ProximalAdagrad:0",
       [[19.840416, 2.8220811], [0.1, 0.1], [0.1, 0.1], [20.00643, 51.518734],
        [0.1, 0.1]])]),
    "proximal_adagrad_l2": ([[0.042178042, -0.66624427], [1.0, 1.0], [0.2, 0.30000001],
      [0.11999548, 1.2786688], [0.0, 0.1]],
     [0.091202155, 0.22977211],
     [("proximal_adagrad_l2_bias/ProximalAdagrad:0", [0.81346989, 42.496094]),
      ("proximal_adagrad_l2_emb/ProximalAdagrad:0",
       [[21.384754, 2.2540255], [0.1, 0.1], [0.1, 0.1], [20.04734, 50.341377],
        [0.1, 0.1]])]),
}


def close(actual, expected):
    actual, expected = np.asarray(actual), np.asarray(expected)
    return actual.shape == expected.shape and np.allclose(actual, expected, rtol=1e-5, atol=1e-6)


def check(opt, step, var, bias, expected):
    want_var, want_bias, want_variables = expected
    assert close(var.numpy(), want_var)
    assert close(bias.numpy(), want_bias)
    found = opt.variables()
    assert [v.name for v in found] == [name for name, _ in want_variables]
    for v, (_, value) in zip(found, want_variables):
        assert not v.trainable and close(v.numpy(), value), v.name
    assert step.numpy() == 20 and step.dtype == tf.int64


def setup():
    return tf.Variable(0.1, name="lr"), tf.Variable(0, dtype=tf.int64, trainable=False)


@pytest.mark.parametrize("name", sorted(CASES))
def test_dense_training_matches_tensorflow(name):
    x = tf.constant([[1.0, 2.0], [-1.0, 0.5], [0.3, -2.0]])
    y = tf.constant([[1.0], [-1.0], [2.0]])
    lr, step = setup()
    w = tf.Variable([[0.5], [-0.3]], name=name + "_w")
    b = tf.Variable([0.1], name=name + "_b")
    opt = CASES[name](lr, step)
    for i in range(20):
        if i == 10:
            lr.assign(0.05)
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(tf.matmul(x, w) + b - y))
        grads = tape.gradient(loss, [w, b])
        assert opt.apply_gradients(zip(grads, [w, b]), global_step=step) is None
    check(opt, step, w, b, DENSE[name])


@pytest.mark.parametrize("name", sorted(CASES))
def test_sparse_training_matches_tensorflow(name):
    ids = tf.constant([0, 3, 0])
    targets = tf.constant([[1.0, -1.0], [0.5, 2.0], [-1.0, 0.0]])
    lr, step = setup()
    emb = tf.Variable([[0.5, -0.5], [1.0, 1.0], [0.2, 0.3], [-0.4, 0.8], [0.0, 0.1]],
                      name=name + "_emb")
    b = tf.Variable([0.1, -0.2], name=name + "_bias")
    opt = CASES[name](lr, step)
    for i in range(20):
        if i == 10:
            lr.assign(0.05)
        values = 2.0 * (tf.gather(emb, ids) + b - targets)
        grad = tf.IndexedSlices(values, ids, tf.constant([5, 2]))
        opt.apply_gradients([(grad, emb), (tf.reduce_sum(values, 0), b)], global_step=step)
    check(opt, step, emb, b, SPARSE[name])


# An embedding model trained 10 steps on the tape's own IndexedSlices gradients, the rows
# looked up changing from step to step (so only sparse updates give these values).
EMBEDDING = {
    "momentum": (lambda: tf.train.MomentumOptimizer(0.1, 0.9),
                 [[0.71424621, -0.6840893], [0.97795081, 1.0186517], [-0.51316953, 0.97316289],
                  [0.83061051, -0.39429635], [0.25265723, -0.13877265]],
                 [[0.60993963], [-0.53702843]],
                 [[-0.66222334, 0.55242783], [0.14843526, -0.12234767], [1.2291793, -1.111409],
                  [-1.5645585, 1.5089794], [-1.0520636, 0.95796657]]),
    "adagrad": (lambda: tf.train.AdagradOptimizer(0.5),
                [[0.57984424, -0.58582789], [1.0648925, 0.91608012], [-0.4644419, 0.91435128],
                 [0.32316729, 0.037606336], [0.3906987, -0.29162657]],
                [[0.84722102], [-0.5329023]],
                [[0.1273939, 0.1205001], [0.12931158, 0.12760742], [0.33628279, 0.32708567],
                 [0.85675973, 0.79332668], [0.23095372, 0.2278199]]),
}


@pytest.mark.parametrize("name", sorted(EMBEDDING))
def test_embedding_model_on_tape_gradients_matches_tensorflow(name, monkeypatch):
    make, want_emb, want_w, want_slot = EMBEDDING[name]
    ids = [[0, 3, 0, 2], [1, 4, 4, 1], [3, 3, 0, 2]]
    emb = tf.Variable([[0.5, -0.5], [1.0, 1.0], [0.2, 0.3], [-0.4, 0.8], [0.0, 0.1]])
    w = tf.Variable([[1.0], [-1.0]])
    y = tf.constant([[1.0], [0.0], [1.0], [-1.0]])
    opt = make()
    evaluations = []
    original = graph._evaluate
    monkeypatch.setattr(graph, "_evaluate", lambda root: evaluations.append(1) or original(root))
    for i in range(10):
        with tf.GradientTape() as tape:
            h = tf.nn.embedding_lookup(emb, tf.constant(ids[i % 3]))
            loss = tf.reduce_mean(tf.square(tf.matmul(h, w) - y))
        grads = tape.gradient(loss, [emb, w])
        assert isinstance(grads[0], tf.IndexedSlices)
        opt.apply_gradients(zip(grads, [emb, w]))
    assert not evaluations  # each update ran inside the next step's gradient call
    assert close(emb.numpy(), want_emb) and close(w.numpy(), want_w)
    assert close(opt.get_slot(emb, opt.get_slot_names()[0]).numpy(), want_slot)
