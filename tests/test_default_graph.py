"""tf.get_default_graph / tf.Graph under eager execution, as TensorFlow (2.21 compat.v1 and
1.15) answers them: a Graph without operations whose collections and unique names work."""
import pytest

import tfeager_compat as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def test_default_graph_is_a_graph():
    g = tf.get_default_graph()
    assert isinstance(g, tf.Graph) and g is tf.get_default_graph()
    assert (g.get_operations(), g.seed, g.finalized, g.version, g.building_function) == (
        [], None, False, 0, False)
    tf.set_random_seed(3)
    assert g.seed is None  # eager TF keeps the seed in its context, not the graph
    g.finalize()
    assert g.finalized


def test_collections_are_the_default_graphs():
    g = tf.get_default_graph()
    tf.add_to_collection("c", 1)
    assert (g.get_collection("c"), g.get_collection("nope"), g.get_all_collection_keys()) == (
        [1], [], ["c"])
    g.add_to_collection("c", 2)
    assert tf.get_collection("c") == [1, 2] and g.get_collection_ref("c") == [1, 2]
    tf.reset_default_graph()
    assert tf.get_default_graph() is not g and tf.get_collection("c") == []


def test_unique_name():
    g = tf.get_default_graph()
    assert [g.unique_name("foo"), g.unique_name("Foo"), g.unique_name("foo", mark_as_used=False),
            g.unique_name("foo")] == ["foo", "Foo_1", "foo_2", "foo_2"]


@pytest.mark.parametrize("method, name, error, message", [
    ("get_tensor_by_name", "x:0", KeyError,
     "\"The name 'x:0' refers to a Tensor which does not exist. The operation, 'x', does not "
     "exist in the graph.\""),
    ("get_tensor_by_name", "x", ValueError,
     "The name 'x' looks like an (invalid) Operation name, not a Tensor. Tensor names must be "
     "of the form \"<op_name>:<output_index>\"."),
    ("get_operation_by_name", "x", KeyError,
     "\"The name 'x' refers to an Operation not in the graph.\""),
])
def test_lookups_by_name_raise(method, name, error, message):
    with pytest.raises(error) as info:
        getattr(tf.get_default_graph(), method)(name)
    assert str(info.value) == message


def test_new_graph_as_default():
    g, g2 = tf.get_default_graph(), tf.Graph()
    tf.add_to_collection("c", 1)
    assert g2 is not g and g2.get_collection("c") == []
    with g2.as_default() as h:
        assert h is g2 and tf.get_default_graph() is g2
        tf.add_to_collection("c", 2)
        with pytest.raises(AssertionError, match="Do not use tf.reset_default_graph"):
            tf.reset_default_graph()
    assert tf.get_default_graph() is g
    assert (g.get_collection("c"), g2.get_collection("c")) == ([1], [2])
