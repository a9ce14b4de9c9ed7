"""tf.contrib.summary and the Keras TensorBoard callback, read back with TensorBoard's own
event reader. Histogram values are TensorFlow's (tf.summary.histogram of the same data)."""
import glob
import os

import numpy as np
import pytest

import tfeager_compat as tf
from tfeager_compat.io import protos
from tfeager_compat.io.records import iterate_records

summary = tf.contrib.summary


def accumulator(logdir):
    event_accumulator = pytest.importorskip(
        "tensorboard.backend.event_processing.event_accumulator")
    path, = glob.glob(os.path.join(logdir, "events.out.tfevents.*"))
    acc = event_accumulator.EventAccumulator(path, size_guidance={
        "scalars": 0, "histograms": 0, "images": 0, "audio": 0, "tensors": 0})
    acc.Reload()
    return acc


def scalars(acc, tag):
    return [(e.step, e.value) for e in acc.Scalars(tag)]


def test_nothing_is_written_without_a_writer_or_recording(tmp_path):
    assert summary.scalar("x", 1.0, step=1) is None  # no default writer: TF's no_op
    writer = summary.create_file_writer(str(tmp_path))
    with writer.as_default():
        assert summary.scalar("x", 1.0, step=1).numpy() == False  # noqa: E712
        with summary.always_record_summaries():
            assert summary.should_record_summaries() is True
            assert summary.scalar("x", 2.0, step=2).numpy() == True  # noqa: E712
            with summary.never_record_summaries():
                assert summary.scalar("x", 3.0, step=3).numpy() == False  # noqa: E712
    assert summary.should_record_summaries() is False
    assert scalars(accumulator(str(tmp_path)), "x") == [(2, 2.0)]


def test_event_file_name_and_version(tmp_path):
    writer = summary.create_file_writer(str(tmp_path / "new" / "dir"))
    path, = glob.glob(str(tmp_path / "new" / "dir" / "*"))
    name = os.path.basename(path)
    assert name.startswith("events.out.tfevents.") and name.endswith(".v2")
    assert len(name.split(".")[3]) == 10  # seconds, zero-padded as TF's %010lld
    first = protos.Event.FromString(next(iterate_records(path)))
    assert first.file_version == "brain.Event:2" and first.wall_time > 0
    writer.close()
    custom = summary.create_file_writer(str(tmp_path / "s"), filename_suffix=".mine")
    assert glob.glob(str(tmp_path / "s" / "*"))[0].endswith(".mine")
    custom.close()


def test_tensorboard_reads_scalars_histograms_images_and_audio(tmp_path):
    with summary.create_file_writer(str(tmp_path)).as_default(), \
            summary.always_record_summaries():
        for step in range(3):
            summary.scalar("loss", 1.0 / (step + 1), step=step)
        summary.histogram("weights", np.arange(10, dtype=np.float32), step=5)
        summary.image("picture", np.zeros((2, 4, 5, 3), np.uint8), step=6)
        summary.image("single", np.ones((1, 2, 3, 1), np.float32), max_images=1, step=6)
        summary.audio("sound", np.zeros((1, 800), np.float32), 8000, 1, step=7)
        summary.generic("raw", [1.0, 2.0], step=8)
    acc = accumulator(str(tmp_path))
    assert scalars(acc, "loss") == [(0, 1.0), (1, 0.5), (2, pytest.approx(1 / 3))]
    histogram, = acc.Histograms("weights")
    value = histogram.histogram_value
    assert histogram.step == 5
    assert (value.min, value.max, value.num, value.sum, value.sum_squares) == (
        0.0, 9.0, 10.0, 45.0, 285.0)
    assert list(value.bucket_limit)[:6] == [0.0, 1e-12, 0.917246389039776, 1.0089710279437536,
                                            1.9661990955585713, 2.1628190051144287]
    assert list(value.bucket) == [0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0,
                                  0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0]
    assert sorted(acc.Tags()["images"]) == ["picture/image/0", "picture/image/1",
                                            "single/image"]
    image, = acc.Images("picture/image/1")
    assert (image.step, image.width, image.height) == (6, 5, 4)
    clip, = acc.Audio("sound/audio")
    assert (clip.step, clip.sample_rate, clip.length_frames, clip.content_type) == (
        7, 8000.0, 800, "audio/wav")
    assert acc.Tags()["tensors"] == ["raw"]


@pytest.mark.parametrize("values, limits, counts", [
    ([-1.5, 0.0, 0.0, 2e-13, 3.0, 1e5],
     [-1.624957930213695, -1.47723448201245, 0.0, 1e-12, 2.8787120958073054,
      3.1665833053880363, 93540.76446483507, 102894.84091131858, 1.7976931348623157e+308],
     [0.0, 1.0, 0.0, 3.0, 0.0, 1.0, 0.0, 1.0, 0.0]),
    ([0.5], [0.47069243095356195, 0.5177616740489182, 1.7976931348623157e+308],
     [0.0, 1.0, 0.0])])
def test_histogram_buckets_are_tfs(tmp_path, values, limits, counts):
    from tfeager_compat.summary.summary_ops import histogram_proto
    proto = histogram_proto(np.array(values, np.float32), "h")
    assert list(proto.bucket_limit) == limits and list(proto.bucket) == counts


def test_histogram_of_nan(tmp_path):
    with summary.create_file_writer(str(tmp_path)).as_default(), \
            summary.always_record_summaries():
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^Nan in summary histogram for: h \[Op:WriteHistogramSummary\]"):
            summary.histogram("h", [1.0, float("nan")], step=0)


def test_float_images_are_scaled_as_tf_does(tmp_path):
    """TF's kernel: with negative values, scale by 127/max|v| around 128 (truncating); a pixel
    with a non-finite value is the bad color."""
    image = np.array([[[[0.5, -1.0, 2.0], [np.nan, 0.25, 1.0]]]], np.float32)
    with summary.create_file_writer(str(tmp_path)).as_default(), \
            summary.always_record_summaries():
        summary.image("im", image, step=0)
    encoded = accumulator(str(tmp_path)).Images("im/image/0")[0].encoded_image_string
    assert tf.image.decode_png(encoded).numpy().tolist() == [[[159, 64, 255], [255, 0, 0]]]


def test_steps_default_to_the_global_step_and_every_n(tmp_path):
    step = tf.train.get_or_create_global_step()
    step.assign(0)
    with summary.create_file_writer(str(tmp_path)).as_default(), \
            summary.record_summaries_every_n_global_steps(2):
        for _ in range(5):
            summary.scalar("x", float(step.numpy()))
            step.assign_add(1)
    assert scalars(accumulator(str(tmp_path)), "x") == [(0, 0.0), (2, 2.0), (4, 4.0)]


def test_tags_follow_name_scopes_and_families(tmp_path):
    with summary.create_file_writer(str(tmp_path)).as_default(), \
            summary.always_record_summaries():
        with tf.name_scope("outer"):
            summary.scalar("acc", 0.25, family="train", step=1)
            summary.scalar("plain", 1.0, step=1)
        summary.scalar("a b", 2.0, step=1)
    tags = sorted(accumulator(str(tmp_path)).Tags()["scalars"])
    assert tags == ["a_b", "outer/plain", "train/outer/train/acc"]


def test_graph_mode_pieces():
    with pytest.raises(RuntimeError, match="^tf.summary.FileWriter is not compatible with "
                                           "eager execution. Use tf.contrib.summary instead.$"):
        tf.summary.FileWriter("/tmp/unused")
    with pytest.raises(RuntimeError, match="only supported in graph mode"):
        summary.summary_writer_initializer_op()
    assert summary.all_summary_ops() is None and summary.initialize() is None
    assert summary.eval_dir("/m") == "/m/eval" and summary.eval_dir("/m", "x") == "/m/eval_x"
    assert summary.create_summary_file_writer is summary.create_file_writer
    assert tf.Summary is tf.summary.Summary and tf.Event is tf.summary.Event
    value = tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=2.0)])
    assert value.SerializeToString() == b"\n\x08\n\x01a\x15\x00\x00\x00@"  # TF's bytes


def test_writer_without_logdir_writes_nothing():
    writer = summary.create_file_writer(None)
    with writer.as_default(), summary.always_record_summaries():
        assert summary.scalar("x", 1.0, step=0) is None


def test_keras_tensorboard_callback(tmp_path):
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,),
                                                       kernel_initializer="ones")])
    model.compile(tf.train.GradientDescentOptimizer(0.01), "mse")
    x = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]], np.float32)
    y = np.array([[1.0], [2.0], [3.0], [4.0]], np.float32)
    callback = tf.keras.callbacks.TensorBoard(str(tmp_path), update_freq="batch")
    history = model.fit(x, y, batch_size=2, epochs=2, verbose=0, callbacks=[callback])
    acc = accumulator(str(tmp_path))
    epochs = scalars(acc, "epoch_loss")
    assert [s for s, _ in epochs] == [4, 8]  # samples seen, with update_freq set
    assert [v for _, v in epochs] == pytest.approx(history.history["loss"], rel=1e-6)
    assert [s for s, _ in scalars(acc, "batch_loss")] == [0, 1, 2, 3]
    per_epoch = tf.keras.callbacks.TensorBoard(str(tmp_path / "epochs"))
    model.fit(x, y, batch_size=2, epochs=2, verbose=0, callbacks=[per_epoch])
    acc = accumulator(str(tmp_path / "epochs"))
    assert [s for s, _ in scalars(acc, "epoch_loss")] == [0, 1]
    assert acc.Tags()["scalars"] == ["epoch_loss"]
