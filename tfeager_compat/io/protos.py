"""TensorFlow's protocol-buffer messages, built by protobuf's own machinery.

The messages are declared here from the field numbers of TF's published `.proto` files
(`example.proto`, `feature.proto`, `tensor_bundle.proto`, `trackable_object_graph.proto`,
`checkpoint_state.proto`, `summary.proto`, `event.proto`, `tensor.proto`, ...), in a
descriptor pool of their own, under TF's package name `tensorflow`: their wire form and text
form are TF's, and users get the real message API (`SerializeToString`, `FromString`,
`ParseFromString`, field access, `text_format`).
"""
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory, wrappers_pb2

_F = descriptor_pb2.FieldDescriptorProto
_SCALARS = {"double": _F.TYPE_DOUBLE, "float": _F.TYPE_FLOAT, "int64": _F.TYPE_INT64,
            "int32": _F.TYPE_INT32, "fixed32": _F.TYPE_FIXED32, "bool": _F.TYPE_BOOL,
            "string": _F.TYPE_STRING, "bytes": _F.TYPE_BYTES}
_ENUMS = {
    "DataType": [
        ("DT_INVALID", 0), ("DT_FLOAT", 1), ("DT_DOUBLE", 2), ("DT_INT32", 3), ("DT_UINT8", 4),
        ("DT_INT16", 5), ("DT_INT8", 6), ("DT_STRING", 7), ("DT_COMPLEX64", 8),
        ("DT_INT64", 9), ("DT_BOOL", 10), ("DT_QINT8", 11), ("DT_QUINT8", 12),
        ("DT_QINT32", 13), ("DT_BFLOAT16", 14), ("DT_QINT16", 15), ("DT_QUINT16", 16),
        ("DT_UINT16", 17), ("DT_COMPLEX128", 18), ("DT_HALF", 19), ("DT_RESOURCE", 20),
        ("DT_VARIANT", 21), ("DT_UINT32", 22), ("DT_UINT64", 23)],
    "BundleHeaderProto.Endianness": [("LITTLE", 0), ("BIG", 1)],
    "SessionLog.SessionStatus": [("STATUS_UNSPECIFIED", 0), ("START", 1), ("STOP", 2),
                                 ("CHECKPOINT", 3)],
    "DataClass": [("DATA_CLASS_UNKNOWN", 0), ("DATA_CLASS_SCALAR", 1), ("DATA_CLASS_TENSOR", 2),
                  ("DATA_CLASS_BLOB_SEQUENCE", 3)],
}
# message -> fields: (name, number, type[, "repeated" | "map" | oneof name]). Nested messages
# are dotted names; a "map" field's entry message is `<Message>.<Field>Entry`.
_MESSAGES = {
    "TensorShapeProto": [("dim", 2, "TensorShapeProto.Dim", "repeated"),
                         ("unknown_rank", 3, "bool")],
    "TensorShapeProto.Dim": [("size", 1, "int64"), ("name", 2, "string")],
    "TensorSliceProto": [("extent", 1, "TensorSliceProto.Extent", "repeated")],
    "TensorSliceProto.Extent": [("start", 1, "int64"), ("length", 2, "int64", "has_length")],
    "VersionDef": [("producer", 1, "int32"), ("min_consumer", 2, "int32"),
                   ("bad_consumers", 3, "int32", "repeated")],
    "BundleHeaderProto": [("num_shards", 1, "int32"),
                          ("endianness", 2, "BundleHeaderProto.Endianness"),
                          ("version", 3, "VersionDef")],
    "BundleEntryProto": [("dtype", 1, "DataType"), ("shape", 2, "TensorShapeProto"),
                         ("shard_id", 3, "int32"), ("offset", 4, "int64"), ("size", 5, "int64"),
                         ("crc32c", 6, "fixed32"),
                         ("slices", 7, "TensorSliceProto", "repeated")],
    "RegisteredSaver": [("name", 1, "string"), ("object_name", 2, "string")],
    "TrackableObjectGraph": [("nodes", 1, "TrackableObjectGraph.TrackableObject", "repeated")],
    "TrackableObjectGraph.TrackableObject": [
        ("children", 1, "TrackableObjectGraph.TrackableObject.ObjectReference", "repeated"),
        ("attributes", 2, "TrackableObjectGraph.TrackableObject.SerializedTensor", "repeated"),
        ("slot_variables", 3, "TrackableObjectGraph.TrackableObject.SlotVariableReference",
         "repeated"),
        ("registered_saver", 4, "RegisteredSaver"),
        ("has_checkpoint_values", 5, ".google.protobuf.BoolValue")],
    "TrackableObjectGraph.TrackableObject.ObjectReference": [
        ("node_id", 1, "int32"), ("local_name", 2, "string")],
    "TrackableObjectGraph.TrackableObject.SerializedTensor": [
        ("name", 1, "string"), ("full_name", 2, "string"), ("checkpoint_key", 3, "string")],
    "TrackableObjectGraph.TrackableObject.SlotVariableReference": [
        ("original_variable_node_id", 1, "int32"), ("slot_name", 2, "string"),
        ("slot_variable_node_id", 3, "int32")],
    "CheckpointState": [("model_checkpoint_path", 1, "string"),
                        ("all_model_checkpoint_paths", 2, "string", "repeated"),
                        ("all_model_checkpoint_timestamps", 3, "double", "repeated"),
                        ("last_preserved_timestamp", 4, "double")],
    "BytesList": [("value", 1, "bytes", "repeated")],
    "FloatList": [("value", 1, "float", "repeated")],
    "Int64List": [("value", 1, "int64", "repeated")],
    "Feature": [("bytes_list", 1, "BytesList", "kind"), ("float_list", 2, "FloatList", "kind"),
                ("int64_list", 3, "Int64List", "kind")],
    "Features": [("feature", 1, "Feature", "map")],
    "FeatureList": [("feature", 1, "Feature", "repeated")],
    "FeatureLists": [("feature_list", 1, "FeatureList", "map")],
    "Example": [("features", 1, "Features")],
    "SequenceExample": [("context", 1, "Features"), ("feature_lists", 2, "FeatureLists")],
    # summary.proto, event.proto, tensor.proto
    "TensorProto": [("dtype", 1, "DataType"), ("tensor_shape", 2, "TensorShapeProto"),
                    ("version_number", 3, "int32"), ("tensor_content", 4, "bytes"),
                    ("half_val", 13, "int32", "repeated"), ("float_val", 5, "float", "repeated"),
                    ("double_val", 6, "double", "repeated"), ("int_val", 7, "int32", "repeated"),
                    ("string_val", 8, "bytes", "repeated"),
                    ("scomplex_val", 9, "float", "repeated"),
                    ("int64_val", 10, "int64", "repeated"), ("bool_val", 11, "bool", "repeated"),
                    ("dcomplex_val", 12, "double", "repeated")],
    "HistogramProto": [("min", 1, "double"), ("max", 2, "double"), ("num", 3, "double"),
                       ("sum", 4, "double"), ("sum_squares", 5, "double"),
                       ("bucket_limit", 6, "double", "repeated"),
                       ("bucket", 7, "double", "repeated")],
    "SummaryMetadata": [("plugin_data", 1, "SummaryMetadata.PluginData"),
                        ("display_name", 2, "string"), ("summary_description", 3, "string"),
                        ("data_class", 4, "DataClass")],
    "SummaryMetadata.PluginData": [("plugin_name", 1, "string"), ("content", 2, "bytes")],
    "Summary": [("value", 1, "Summary.Value", "repeated")],
    "Summary.Image": [("height", 1, "int32"), ("width", 2, "int32"), ("colorspace", 3, "int32"),
                      ("encoded_image_string", 4, "bytes")],
    "Summary.Audio": [("sample_rate", 1, "float"), ("num_channels", 2, "int64"),
                      ("length_frames", 3, "int64"), ("encoded_audio_string", 4, "bytes"),
                      ("content_type", 5, "string")],
    "Summary.Value": [("node_name", 7, "string"), ("tag", 1, "string"),
                      ("metadata", 9, "SummaryMetadata"),
                      ("simple_value", 2, "float", "value"),
                      ("obsolete_old_style_histogram", 3, "bytes", "value"),
                      ("image", 4, "Summary.Image", "value"),
                      ("histo", 5, "HistogramProto", "value"),
                      ("audio", 6, "Summary.Audio", "value"),
                      ("tensor", 8, "TensorProto", "value")],
    "SessionLog": [("status", 1, "SessionLog.SessionStatus"), ("checkpoint_path", 2, "string"),
                   ("msg", 3, "string")],
    "Event": [("wall_time", 1, "double"), ("step", 2, "int64"),
              ("file_version", 3, "string", "what"), ("graph_def", 4, "bytes", "what"),
              ("summary", 5, "Summary", "what"), ("session_log", 7, "SessionLog", "what"),
              ("meta_graph_def", 9, "bytes", "what")],
}


def _type_name(name):
    return name if name.startswith(".") else ".tensorflow." + name


def _field(message, spec):
    name, number, kind = spec[:3]
    extra = spec[3] if len(spec) > 3 else None
    field = message.field.add(name=name, number=number, json_name=_camel(name))
    field.label = _F.LABEL_REPEATED if extra in ("repeated", "map") else _F.LABEL_OPTIONAL
    if kind in _SCALARS:
        field.type = _SCALARS[kind]
    elif kind in _ENUMS:
        field.type, field.type_name = _F.TYPE_ENUM, _type_name(kind)
    else:
        field.type = _F.TYPE_MESSAGE
        field.type_name = _type_name(f"{message.name}.{_camel(name, True)}Entry"
                                     if extra == "map" else kind)
    if extra not in (None, "repeated", "map"):  # a oneof
        names = [o.name for o in message.oneof_decl]
        if extra not in names:
            message.oneof_decl.add(name=extra)
            names.append(extra)
        field.oneof_index = names.index(extra)
    if extra == "map":
        entry = message.nested_type.add(name=f"{_camel(name, True)}Entry")
        entry.options.map_entry = True
        _field(entry, ("key", 1, "string"))
        _field(entry, ("value", 2, kind))


def _camel(name, upper=False):
    parts = name.split("_")
    head = parts[0].capitalize() if upper else parts[0]
    return head + "".join(p.capitalize() for p in parts[1:])


def _file():
    proto = descriptor_pb2.FileDescriptorProto(
        name="tfeager_compat/tensorflow.proto", package="tensorflow", syntax="proto3",
        dependency=[wrappers_pb2.DESCRIPTOR.name])
    made = {}

    def container(dotted):
        head, _, last = dotted.rpartition(".")
        return (made[head].nested_type if head else proto.message_type), last

    for name in sorted(_MESSAGES, key=lambda n: n.count(".")):
        parent, last = container(name)
        made[name] = parent.add(name=last)
    for name, values in _ENUMS.items():
        head, _, last = name.rpartition(".")
        enum = (made[head].enum_type if head else proto.enum_type).add(name=last)
        for value_name, number in values:
            enum.value.add(name=value_name, number=number)
    for name, fields in _MESSAGES.items():
        for spec in fields:
            _field(made[name], spec)
    return proto


def _build():
    pool = descriptor_pool.DescriptorPool()
    wrappers = descriptor_pb2.FileDescriptorProto()
    wrappers_pb2.DESCRIPTOR.CopyToProto(wrappers)
    pool.Add(wrappers)
    pool.Add(_file())
    return {name: message_factory.GetMessageClass(
        pool.FindMessageTypeByName("tensorflow." + name)) for name in _MESSAGES}


_CLASSES = _build()
TensorShapeProto = _CLASSES["TensorShapeProto"]
TensorSliceProto = _CLASSES["TensorSliceProto"]
VersionDef = _CLASSES["VersionDef"]
BundleHeaderProto = _CLASSES["BundleHeaderProto"]
BundleEntryProto = _CLASSES["BundleEntryProto"]
TrackableObjectGraph = _CLASSES["TrackableObjectGraph"]
CheckpointState = _CLASSES["CheckpointState"]
BytesList = _CLASSES["BytesList"]
FloatList = _CLASSES["FloatList"]
Int64List = _CLASSES["Int64List"]
Feature = _CLASSES["Feature"]
Features = _CLASSES["Features"]
FeatureList = _CLASSES["FeatureList"]
FeatureLists = _CLASSES["FeatureLists"]
Example = _CLASSES["Example"]
SequenceExample = _CLASSES["SequenceExample"]
TensorProto = _CLASSES["TensorProto"]
HistogramProto = _CLASSES["HistogramProto"]
SummaryMetadata = _CLASSES["SummaryMetadata"]
Summary = _CLASSES["Summary"]
SessionLog = _CLASSES["SessionLog"]
Event = _CLASSES["Event"]
