"""tfe.Network (TF 1.5/1.6 tf.contrib.eager) and tfe.restore_variables_on_create: naming,
tracking, calls, name-based save/restore with deferred restores. Names, values and messages
are those of TF 1.5's network.py and its tests."""
import importlib

import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat import variables

variable_scope = importlib.import_module("tfeager_compat.variable_scope")

tfe = tf.contrib.eager
ONE = np.array([[1.]], np.float32)


def _clear():
    tf.keras.backend.clear_session()
    variable_scope._SCOPES.counts.clear()  # TF's clear_session gives a new variable-scope store


@pytest.fixture(autouse=True)
def fresh_names():
    _clear()
    yield
    _clear()


class MyNetwork(tfe.Network):
    def __init__(self, name=None):
        super(MyNetwork, self).__init__(name=name)
        self.l1 = self.track_layer(tf.layers.Dense(1, use_bias=False))

    def call(self, x):
        return self.l1(x)


class Parent(tfe.Network):
    def __init__(self, name=None):
        super(Parent, self).__init__(name=name)
        self.first = self.track_layer(MyNetwork())
        self.second = self.track_layer(MyNetwork())

    def call(self, x):
        return self.first(self.second(x))


def test_call_uses_the_tracked_layers():
    net = MyNetwork(name="abcd")
    net(tf.constant([[2.0]]))
    assert len(net.trainable_variables) == 1
    net.trainable_variables[0].assign([[17.0]])
    assert net(tf.constant([[2.0]])).numpy().tolist() == [[34.0]]


def test_layers_are_renamed_per_network():
    zero = tf.constant([[0.]])
    outside = [tf.layers.Dense(1, use_bias=False), tf.layers.Dense(1, use_bias=False)]
    for layer in outside:
        layer(zero)

    class TwoLayerNet(tfe.Network):
        def __init__(self):
            super(TwoLayerNet, self).__init__()
            self.first = self.track_layer(tf.layers.Dense(1, use_bias=False))
            self.second = self.track_layer(tf.keras.layers.Dense(1, use_bias=False))

        def call(self, x):
            return self.second(self.first(x))

    net = TwoLayerNet()
    net(zero)
    assert [v.name for v in net.variables] == ["two_layer_net/" + layer.variables[0].name
                                               for layer in outside]
    assert [v.name for v in net.variables] == ["two_layer_net/dense/kernel:0",
                                               "two_layer_net/dense_1/kernel:0"]
    assert [layer.name for layer in net.layers] == ["dense", "dense_1"]


def test_network_names():
    before, after = MyNetwork(), MyNetwork()
    with pytest.raises(ValueError, match="The network does not yet have a final name"):
        before.name  # noqa: B018
    after(ONE)  # named at the first call: my_network
    before(ONE)
    assert (after.name, before.name) == ("my_network", "my_network_1")
    assert before.variables[0].name == "my_network_1/dense/kernel:0"
    parent = Parent()
    parent(ONE)
    assert [layer.name for layer in parent.layers] == ["my_network", "my_network_1"]
    assert [v.name for v in parent.variables] == ["parent/my_network/dense/kernel:0",
                                                  "parent/my_network_1/dense/kernel:0"]
    assert MyNetwork(name="abcd").name == "abcd"


@pytest.mark.parametrize("make,error,message", [
    (lambda: tfe.Network(name="a/b"), ValueError,
     "Forward slashes ('/') are not allowed in Network names."),
    (lambda: tfe.Network().track_layer(lambda x: x), TypeError,
     "Network.track_layer() passed type <class 'function'>, not a tf.layers.Layer"),
    (lambda: tfe.Network().add_variable("v", [1]), RuntimeError,
     "add_variable not supported in Network class yet. Please file an issue at "
     "https://github.com/tensorflow/tensorflow/issues/new if this is important to you"),
    (lambda: setattr(tfe.Network(), "trainable", False), AttributeError,
     "cannot mark Network as not trainable"),
    (lambda: tfe.Network().get_layer(index=2), ValueError,
     "Was asked to retrieve layer at index 2 but model only has 0 layers."),
])
def test_bad_use_raises_tf_errors(make, error, message):
    with pytest.raises(error) as info:
        make()
    assert str(info.value) == message


def test_duplicate_names_raise():
    MyNetwork(name="foo")(ONE)
    with pytest.raises(ValueError, match="^A Network named 'foo' already exists \\(or a "
                                         "variable_scope was created with this name\\). Names "
                                         "must be unique.$"):
        MyNetwork(name="foo")(ONE)
    net = tfe.Network()
    net.track_layer(tf.layers.Dense(1, name="same"))
    with pytest.raises(ValueError, match="Attempt to add two Layers with the name 'same' to "
                                         "the same Network."):
        net.track_layer(tf.layers.Dense(1, name="same"))


def test_tracking_before_init_and_layer_lookup():
    class Early(tfe.Network):
        def __init__(self):
            self.track_layer(tf.layers.Dense(1))

    with pytest.raises(RuntimeError, match="Need to call Network.__init__ before adding "
                                           "layers"):
        Early()
    net = MyNetwork()
    assert net.trainable and net.get_layer("dense") is net.l1 and net.get_layer(index=0) is net.l1


def test_save_and_restore_a_built_network(tmp_path):
    net = MyNetwork(name="abcd")
    with pytest.raises(ValueError, match="Attempt to save the Network before it was first "
                                         "called"):
        net.save(str(tmp_path))
    net(ONE)
    net.variables[0].assign([[17.0]])
    path = net.save(str(tmp_path))
    assert path == str(tmp_path / "abcd")
    assert tf.train.list_variables(path) == [("dense/kernel", [1, 1])]
    net.variables[0].assign([[1.0]])
    net.restore(str(tmp_path))  # a directory: the checkpoint named after the Network
    assert net.variables[0].numpy().tolist() == [[17.0]]
    step = tf.train.get_or_create_global_step()
    step.assign(4242)
    assert net.save(str(tmp_path)).endswith("abcd-4242")


def test_restore_into_an_unbuilt_network_is_deferred(tmp_path):
    saved = MyNetwork()
    saved(ONE)
    saved.variables[0].assign([[17.0]])
    path = saved.save(str(tmp_path))
    fresh = MyNetwork()
    fresh.restore(path)
    assert fresh.variables == []
    assert fresh(tf.constant([[2.0]])).numpy().tolist() == [[34.0]]


def test_deferred_restores_apply_newest_first_at_any_level(tmp_path):
    one = tf.constant([[3.]])
    whole = Parent()
    whole(one)
    whole.variables[0].assign([[15.]])
    whole.variables[1].assign([[16.]])
    whole_path = whole.save(str(tmp_path))
    part = MyNetwork()
    part(one)
    part.variables[0].assign([[5.]])
    part_path = part.save(str(tmp_path))
    target = Parent()
    target.restore(whole_path)
    target.first.restore(part_path)
    target(one)
    assert [v.numpy().item() for v in target.variables] == [5., 16.]
    target = Parent()
    target.first.restore(part_path)
    target.restore(whole_path)
    target(one)
    assert [v.numpy().item() for v in target.variables] == [15., 16.]
    target.second.restore(part_path)
    assert target.variables[1].numpy().item() == 5.
    with pytest.raises(tf.errors.NotFoundError, match="not found in checkpoint"):
        target.restore(part_path)
    assert tfe.save_network_checkpoint(part, str(tmp_path)) == part_path


# ---- tfe.restore_variables_on_create -----------------------------------------------------------
def test_restore_variables_on_create_as_the_tf_1_5_mnist_example(tmp_path):
    net = MyNetwork()
    net(ONE)
    net.variables[0].assign([[2.5]])
    step = tf.train.get_or_create_global_step()
    step.assign(3)
    tfe.Saver(net.variables + [step]).save(str(tmp_path / "ckpt"), global_step=step)
    latest = tf.train.latest_checkpoint(str(tmp_path))
    assert latest == str(tmp_path / "ckpt-3")
    _clear()
    with tfe.restore_variables_on_create(latest):
        again = MyNetwork()
        assert again(ONE).numpy().tolist() == [[2.5]]
        twin = tf.Variable(0, name="global_step", dtype=tf.int64)
        second = tf.Variable(7, name="global_step", dtype=tf.int64)
        assert (twin.numpy(), second.numpy()) == (3, 7)  # a value is given once
        with pytest.raises(tf.errors.NotFoundError, match="^other not found in checkpoint$"):
            tf.Variable(1.0, name="other")
    assert variables.ON_CREATE == []
    assert tf.Variable(1.0, name="other").numpy() == 1.0


def test_restore_variables_on_create_map_func_and_no_checkpoint(tmp_path):
    v = tf.Variable([[1.5, 2.5]], name="scope/v")
    tfe.Saver([v]).save(str(tmp_path / "ckpt"))
    with tfe.restore_variables_on_create(str(tmp_path / "ckpt"), map_func=lambda n: "scope/v"):
        assert tf.Variable([[0., 0.]], name="x").numpy().tolist() == [[1.5, 2.5]]
    with tfe.restore_variables_on_create(None):
        assert tf.Variable(3.0, name="x").numpy() == 3.0
    with pytest.raises(ValueError, match="map_func must be callable."):
        with tfe.restore_variables_on_create(str(tmp_path / "ckpt"), map_func="scope/v"):
            pass
