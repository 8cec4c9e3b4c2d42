#!/usr/bin/env python3
"""Tandem's Swift protobuf codec against the official implementation (protobuf's Python runtime).

    conformance.py generate CORPUS [--only-packages P1,P2,...]
    conformance.py verify CORPUS
    conformance.py summary CORPUS

scripts/conformance runs generate, then `tandem-conformance check CORPUS` (the Swift side), then
verify and summary. Run it in the venv scripts/test makes (.tandem/venv: grpcio-tools, protobuf).

generate compiles proto/ with `python -m grpc_tools.protoc --python_out`, imports the generated
modules and builds a corpus from their descriptors: for every message type of proto/, of the
google.protobuf files it imports and of Tests/Conformance/proto (test-only messages that use
every scalar type, map key type and field shape the codec has, since proto/ uses few of them),
fully populated instances, one per member of its widest oneof, and special cases (empty,
negative and extreme numbers, -0.0, NaN and infinities, enum values the schema does not declare,
long strings and repeated fields, zero values with presence, unknown fields, and valid but
non-canonical encodings). For each case NAME it writes

    NAME.input.bin    the bytes Swift must decode: Python's encoding, or a valid variant of it
                      (fields out of order, unpacked, split, duplicated, overlong varints, unknown
                      fields between known ones)
    NAME.python.bin   Python's deterministic serialization of the message the input decodes to,
                      with map entries in ascending key order as C++ and Go write them (upb's
                      deterministic order is not sorted; see sorted_maps)
    NAME.json         the canonical dump of that message

and manifest.json (the cases, the message types in scope, every message type of proto/).
The Swift side decodes NAME.input.bin, compares its own dump with NAME.json and its re-encoding
with NAME.python.bin, then builds a message from NAME.json alone and writes its encoding to
NAME.swift.bin, its results to swift-results.json and its registered types to swift-types.txt.
verify parses every NAME.swift.bin here, compares the dump and the bytes, and writes
python-results.json; summary combines both directions and the type coverage.

The canonical dump, identical on both sides: a JSON object keyed by proto field name holding the
fields that are present (implicit-presence scalars when not default, bit for bit for floats;
optional, message and oneof fields when set; repeated and map fields when not empty). Integers
of every type are decimal strings, float and double the hex of their IEEE bits ("0x3ff8000000000000"
for double 1.5, 8 digits for float), bool true/false, string a JSON string, bytes lowercase hex,
enum the decimal string of its number, message a nested object, repeated an array, map an array
of [key, value] pairs sorted by key (strings by UTF-8 bytes, numbers numerically, false before
true). Unknown fields are "_unknown": the hex of their exact bytes in the order they were read
(Python: the serialization of a copy with every known field cleared, which is exactly the
unknown-field buffer; both runtimes keep unknown bytes verbatim and write them after the known
fields, so the bytes comparison checks their placement too).

Not covered here: malformed input (the fuzz suite's job), groups (TandemWire refuses them by
design), and varints whose tenth byte sets bits beyond 64 (upb ignores those bits; TandemWire,
like Go's protowire, refuses them).
"""

import argparse
import importlib
import importlib.util
import json
import math
import os
import struct
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2, message_factory
from google.protobuf.descriptor import FieldDescriptor as FD

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROTO_ROOT = os.path.join(REPO, "proto")
# Test-only messages with every field shape the codec supports (tandem.conformance.v1).
CODEC_ROOT = os.path.join(REPO, "Tests", "Conformance", "proto")
# Nested messages are populated to this depth below the case's message.
MAX_DEPTH = 3
MINIMUM_CASES = 40
LONG_STRING = 5000
LONG_REPEATED = 300
LONG_REPEATED_MESSAGES = 25
MAX_FIELD_NUMBER = 2**29 - 1

# ---------------------------------------------------------------------------------------------
# Compiling proto/


def proto_files(top):
    files = []
    for root, _, names in os.walk(top):
        for name in names:
            if name.endswith(".proto"):
                files.append(os.path.relpath(os.path.join(root, name), top))
    return sorted(files)


def compile_protos(out_dir):
    """Runs grpcio-tools' protoc on every file of proto/ and of the codec test protos; returns
    the generated modules by file."""
    import grpc_tools

    include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    files = proto_files(PROTO_ROOT) + proto_files(CODEC_ROOT)
    os.makedirs(out_dir, exist_ok=True)
    command = [sys.executable, "-m", "grpc_tools.protoc", f"-I{PROTO_ROOT}", f"-I{CODEC_ROOT}",
               f"-I{include}", f"--python_out={out_dir}", *files]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"grpc_tools.protoc failed:\n{result.stderr}")
    # A top-level folder named like an installed package (grpc/ is grpcio) cannot be imported
    # by its own name; those modules are loaded from their file under a private name (they import
    # no other generated module).
    shadowed = {f.split("/")[0] for f in files if importlib.util.find_spec(f.split("/")[0]) is not None}
    sys.path.insert(0, out_dir)
    modules = {}
    for file in files:
        stem = file[: -len(".proto")] + "_pb2"
        if file.split("/")[0] in shadowed:
            name = "_tandem_conformance_" + stem.replace("/", "_")
            spec = importlib.util.spec_from_file_location(name, os.path.join(out_dir, stem + ".py"))
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        else:
            module = importlib.import_module(stem.replace("/", "."))
        modules[file] = module
    return modules


def message_types(modules):
    """Every message type of proto/, of the google.protobuf files it imports and of the codec
    test protos, by full name."""
    found = {}

    def add(descriptor):
        if descriptor.GetOptions().map_entry:
            return
        found[descriptor.full_name] = descriptor
        for nested in descriptor.nested_types:
            add(nested)

    for module in modules.values():
        files = [module.DESCRIPTOR] + [
            d for d in module.DESCRIPTOR.dependencies if d.name.startswith("google/protobuf/")
        ]
        for file in files:
            for descriptor in file.message_types_by_name.values():
                add(descriptor)
    return dict(sorted(found.items()))


def message_class(descriptor):
    return message_factory.GetMessageClass(descriptor)


# ---------------------------------------------------------------------------------------------
# Descriptor helpers

PACKABLE = {FD.TYPE_DOUBLE, FD.TYPE_FLOAT, FD.TYPE_INT64, FD.TYPE_UINT64, FD.TYPE_INT32,
            FD.TYPE_FIXED64, FD.TYPE_FIXED32, FD.TYPE_BOOL, FD.TYPE_UINT32, FD.TYPE_ENUM,
            FD.TYPE_SFIXED32, FD.TYPE_SFIXED64, FD.TYPE_SINT32, FD.TYPE_SINT64}
SIGNED32 = {FD.TYPE_INT32, FD.TYPE_SINT32, FD.TYPE_SFIXED32}
SIGNED64 = {FD.TYPE_INT64, FD.TYPE_SINT64, FD.TYPE_SFIXED64}
UNSIGNED32 = {FD.TYPE_UINT32, FD.TYPE_FIXED32}
UNSIGNED64 = {FD.TYPE_UINT64, FD.TYPE_FIXED64}
WIRE_TYPE = {FD.TYPE_DOUBLE: 1, FD.TYPE_FIXED64: 1, FD.TYPE_SFIXED64: 1, FD.TYPE_FLOAT: 5,
             FD.TYPE_FIXED32: 5, FD.TYPE_SFIXED32: 5, FD.TYPE_STRING: 2, FD.TYPE_BYTES: 2,
             FD.TYPE_MESSAGE: 2}

_synthetic_cache = {}


def real_oneofs(descriptor):
    """The message's oneofs, without the synthetic ones proto3 `optional` fields live in."""
    if descriptor.full_name not in _synthetic_cache:
        proto = descriptor_pb2.DescriptorProto()
        descriptor.CopyToProto(proto)
        _synthetic_cache[descriptor.full_name] = {
            f.oneof_index for f in proto.field if f.proto3_optional
        }
    synthetic = _synthetic_cache[descriptor.full_name]
    return [o for o in descriptor.oneofs if o.index not in synthetic]


def oneof_of(field):
    oneof = field.containing_oneof
    if oneof is None or oneof not in real_oneofs(field.containing_type):
        return None
    return oneof


def is_map(field):
    return field.message_type is not None and field.message_type.GetOptions().map_entry


def wire_type(field):
    return WIRE_TYPE.get(field.type, 0)


# ---------------------------------------------------------------------------------------------
# Canonical dump


def double_hex(value):
    return "0x%016x" % struct.unpack("<Q", struct.pack("<d", value))[0]


def float_hex(value):
    return "0x%08x" % struct.unpack("<I", struct.pack("<f", value))[0]


def value_json(field_type, value):
    if field_type == FD.TYPE_MESSAGE:
        return dump(value)
    if field_type == FD.TYPE_DOUBLE:
        return double_hex(value)
    if field_type == FD.TYPE_FLOAT:
        return float_hex(value)
    if field_type == FD.TYPE_BOOL:
        return bool(value)
    if field_type == FD.TYPE_STRING:
        return value
    if field_type == FD.TYPE_BYTES:
        return bytes(value).hex()
    return str(int(value))  # integers and enums


def key_order(field_type, key):
    if field_type == FD.TYPE_STRING:
        return key.encode("utf-8")
    return int(key)  # integers; False < True


def is_default(field, value):
    if field.type == FD.TYPE_DOUBLE:
        return double_hex(value) == double_hex(0.0)
    if field.type == FD.TYPE_FLOAT:
        return float_hex(value) == float_hex(0.0)
    return value == field.default_value


def unknown_bytes(message):
    """The message's unknown fields, byte for byte: a copy with every known field cleared."""
    copy = type(message)()
    copy.CopyFrom(message)
    for field, _ in copy.ListFields():
        copy.ClearField(field.name)
    return copy.SerializeToString()


def dump(message):
    out = {}
    for field in message.DESCRIPTOR.fields:
        value = getattr(message, field.name)
        if is_map(field):
            if len(value):
                key_field = field.message_type.fields_by_name["key"]
                value_field = field.message_type.fields_by_name["value"]
                entries = sorted(value.items(), key=lambda kv: key_order(key_field.type, kv[0]))
                out[field.name] = [[value_json(key_field.type, k), value_json(value_field.type, v)]
                                   for k, v in entries]
        elif field.is_repeated:
            if len(value):
                out[field.name] = [value_json(field.type, v) for v in value]
        elif field.has_presence:
            if message.HasField(field.name):
                out[field.name] = value_json(field.type, value)
        elif not is_default(field, value):
            out[field.name] = value_json(field.type, value)
    unknown = unknown_bytes(message)
    if unknown:
        out["_unknown"] = unknown.hex()
    return out


def first_difference(actual, expected, path="", actual_side="actual", expected_side="expected"):
    """A one-line description of the first place two dumps differ, or None."""
    where = path or "(message)"
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(actual) | set(expected)):
            sub = f"{path}.{key}" if path else key
            if key not in actual:
                return f"{sub}: missing on the {actual_side} side, {expected_side} has {short(expected[key])}"
            if key not in expected:
                return f"{sub}: {actual_side} has {short(actual[key])}, absent on the {expected_side} side"
            found = first_difference(actual[key], expected[key], sub, actual_side, expected_side)
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(actual) != len(expected):  # says more than the first element it shifts
            return f"{where}: {len(actual)} elements on the {actual_side} side, {len(expected)} on the {expected_side} side"
        for index, (a, e) in enumerate(zip(actual, expected)):
            found = first_difference(a, e, f"{path}[{index}]", actual_side, expected_side)
            if found:
                return found
        return None
    if type(actual) is not type(expected) or actual != expected:
        return f"{where}: {actual_side} {short(actual)}, {expected_side} {short(expected)}"
    return None


def short(value, limit=80):
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def bytes_difference(actual, expected):
    for index, (a, e) in enumerate(zip(actual, expected)):
        if a != e:
            break
    else:
        index = min(len(actual), len(expected))
    window = slice(max(0, index - 4), index + 12)
    return (f"first difference at byte {index} of {len(expected)} "
            f"(got {len(actual)} bytes): got {actual[window].hex()} expected {expected[window].hex()}")


# ---------------------------------------------------------------------------------------------
# Populating messages

NON_ASCII = "Zoë — 日本 🚀"
STRINGS = [NON_ASCII, "plain ascii", "e\u0301 is not \u00e9 (no normalisation)",
           "tab\tnewline\nquote\"backslash\\ nul\u0000 del\u007f", "Ünïcödé 𝄞 \u2028 end", "x"]
BYTES = [b"\x00\xff\x80 raw \xc3", bytes(range(256)), b"\x01"]
VALUES = {
    "full": {
        "s32": [1, 150, 2**31 - 1, 300000, 42], "s64": [1, 150, 2**63 - 1, 2**40 + 3, 42],
        "u32": [1, 150, 2**32 - 1, 2**31, 42], "u64": [1, 150, 2**64 - 1, 2**63, 42],
        "double": [1.5, 1e300, math.pi, 5e-324, 2.0**60],
        "float": [1.5, 3.4028234663852886e38, 1.401298464324817e-45, 0.1],
    },
    "negative": {
        "s32": [-1, -2**31, -150, -300000, 2**31 - 1], "s64": [-1, -2**63, -150, -(2**40), 2**63 - 1],
        "u32": [2**32 - 1, 2**31], "u64": [2**64 - 1, 2**63],
        "double": [-0.0, -1.5, -math.inf, math.nan, -5e-324, -1.7976931348623157e308, math.inf],
        "float": [-0.0, -1.5, -math.inf, math.nan, -3.4028234663852886e38, math.inf],
    },
}
# Values an open enum keeps although the schema does not declare them.
UNKNOWN_ENUM_VALUES = [-1, 99, -2**31, 2**31 - 1]
MAP_KEYS = {
    # "é" twice: precomposed and as e + U+0301, distinct keys although canonically equivalent.
    # "\u00e9" and "e\u0301" are canonically equivalent: Swift's String makes them one map key
    # (documented in TandemWire's FieldCodec), so the corpus holds only one of them.
    "string": {"full": ["b", "a", "Zoë", "日本", "🚀", "ab", "B", "\u00e9"], "zero": [""]},
    "signed": {"full": [3, -1, 300, -2**31, 2**31 - 1], "zero": [0]},
    "unsigned": {"full": [3, 1, 300, 2**32 - 1], "zero": [0]},
    "bool": {"full": [True, False], "zero": [False]},
}


class Mode:
    """How a case populates a message: `full`, `negative`, `long` or `zero`, and which variant."""

    def __init__(self, kind, variant=0):
        self.kind = kind
        self.variant = variant


def number_class(field_type):
    if field_type in SIGNED32:
        return "s32"
    if field_type in SIGNED64:
        return "s64"
    if field_type in UNSIGNED32:
        return "u32"
    if field_type in UNSIGNED64:
        return "u64"
    return {FD.TYPE_DOUBLE: "double", FD.TYPE_FLOAT: "float"}.get(field_type)


def zero_value(field):
    """The type's default value (also for a repeated field's elements)."""
    return {FD.TYPE_STRING: "", FD.TYPE_BYTES: b"", FD.TYPE_BOOL: False, FD.TYPE_DOUBLE: 0.0,
            FD.TYPE_FLOAT: 0.0}.get(field.type, 0)


def long_string(k):
    base = f"{k}: {NON_ASCII} and some ASCII to pad it out / "
    return (base * (LONG_STRING // len(base) + 1))[:LONG_STRING]


def scalar(field, mode, k):
    kind = mode.kind
    k += mode.variant
    if kind == "zero":
        return zero_value(field)
    t = field.type
    if t == FD.TYPE_BOOL:
        return True
    if t == FD.TYPE_STRING:
        return long_string(k) if kind == "long" else STRINGS[k % len(STRINGS)]
    if t == FD.TYPE_BYTES:
        if kind == "long":
            return bytes((i * 7 + k) % 256 for i in range(LONG_STRING))
        return BYTES[k % len(BYTES)]
    if t == FD.TYPE_ENUM:
        if kind == "negative":
            return UNKNOWN_ENUM_VALUES[k % len(UNKNOWN_ENUM_VALUES)]
        known = [v.number for v in field.enum_type.values if v.number != 0] or [0]
        return known[k % len(known)]
    table = VALUES["negative" if kind == "negative" else "full"][number_class(t)]
    return table[k % len(table)]


def map_keys(key_field, mode):
    t = key_field.type
    group = ("string" if t == FD.TYPE_STRING else "bool" if t == FD.TYPE_BOOL
             else "signed" if t in SIGNED32 | SIGNED64 else "unsigned")
    if mode.kind == "zero":
        return MAP_KEYS[group]["zero"] + MAP_KEYS[group]["full"][:1]
    if mode.kind == "long" and group != "bool":
        if group == "string":
            return [f"key {(i * 37) % 50:02d} {NON_ASCII[: i % 6]}" for i in range(50)]
        return [(i * 37) % 50 - (25 if group == "signed" else 0) for i in range(50)]
    keys = list(MAP_KEYS[group]["full"])
    if mode.kind == "negative" and group == "signed":
        keys += [-150, -2**63 if t in SIGNED64 else -(2**31) + 1]
    if group == "signed" and t in SIGNED64:
        keys += [2**63 - 1]
    if group == "unsigned" and t in UNSIGNED64:
        keys += [2**64 - 1]
    return keys


def fill(message, mode, depth=0):
    """Sets every field of `message` (one member per oneof) as `mode` says; returns it."""
    descriptor = message.DESCRIPTOR
    chosen = {o.full_name: o.fields[mode.variant % len(o.fields)].name for o in real_oneofs(descriptor)}
    for field in descriptor.fields:
        oneof = oneof_of(field)
        if oneof is not None and chosen[oneof.full_name] != field.name:
            continue
        if is_map(field):
            fill_map(message, field, mode, depth)
        elif field.is_repeated:
            fill_repeated(message, field, mode, depth)
        elif field.type == FD.TYPE_MESSAGE:
            if depth < MAX_DEPTH:
                sub = getattr(message, field.name)
                sub.SetInParent()
                if mode.kind != "zero":
                    fill(sub, Mode(mode.kind, mode.variant + field.number), depth + 1)
            elif oneof is not None:
                getattr(message, field.name).SetInParent()
        elif mode.kind == "zero" and not field.has_presence:
            continue
        else:
            setattr(message, field.name, scalar(field, mode, field.number))
    return message


def fill_repeated(message, field, mode, depth):
    container = getattr(message, field.name)
    count = {"full": 3, "negative": 4, "zero": 2}.get(mode.kind)
    if field.type == FD.TYPE_MESSAGE:
        if depth >= MAX_DEPTH:
            return
        if mode.kind == "long":
            count = LONG_REPEATED_MESSAGES if depth == 0 else 3
        element_mode = "full" if mode.kind == "long" else mode.kind
        for index in range(count):
            sub = container.add()
            if element_mode != "zero":
                fill(sub, Mode(element_mode, mode.variant + index), depth + 1)
        return
    if mode.kind == "long":
        count = LONG_REPEATED if depth == 0 else 5
    for index in range(count):
        if mode.kind == "long" and field.type == FD.TYPE_STRING:
            value = STRINGS[index % len(STRINGS)] + f" #{index}"
        elif mode.kind == "long" and field.type == FD.TYPE_BYTES:
            value = bytes([index % 256]) * (index % 7)
        elif mode.kind == "long" and field.type == FD.TYPE_ENUM:
            value = [v.number for v in field.enum_type.values][index % len(field.enum_type.values)]
        elif mode.kind == "long" and field.type in SIGNED32 | SIGNED64:
            value = (index - 150) * 1_000_003
        elif mode.kind == "long" and field.type in UNSIGNED32 | UNSIGNED64:
            value = index * 1_000_003
        else:
            value = scalar(field, mode, field.number + index)
        container.append(value)


def fill_map(message, field, mode, depth):
    container = getattr(message, field.name)
    key_field = field.message_type.fields_by_name["key"]
    value_field = field.message_type.fields_by_name["value"]
    for index, key in enumerate(map_keys(key_field, mode)):
        if value_field.type == FD.TYPE_MESSAGE:
            sub = container[key]  # creates the entry: in `zero` mode an empty message
            if depth < MAX_DEPTH and mode.kind != "zero":
                fill(sub, Mode("full" if mode.kind == "long" else mode.kind, index), depth + 1)
        elif mode.kind == "zero" and index == 0:
            container[key] = zero_value(value_field)
        else:
            value_mode = Mode("full" if mode.kind in ("long", "zero") else mode.kind, mode.variant)
            container[key] = scalar(value_field, value_mode, index)


# ---------------------------------------------------------------------------------------------
# Wire format, for the cases whose input is not Python's own encoding


def varint(value):
    value &= (1 << 64) - 1
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def overlong(encoded):
    """The same varint one byte longer (a valid, non-canonical encoding), when it can be."""
    if len(encoded) >= 10:
        return encoded
    return encoded[:-1] + bytes([encoded[-1] | 0x80, 0])


def tag(number, wire):
    return varint(number << 3 | wire)


def read_varint(data, position):
    result = shift = 0
    while True:
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, position
        shift += 7


class Record:
    """One field occurrence on the wire: number, wire type, value bytes (without tag)."""

    def __init__(self, number, wire, value, payload=None):
        self.number, self.wire, self.value, self.payload = number, wire, value, payload

    def encode(self):
        return tag(self.number, self.wire) + self.value


def parse_records(data):
    records, position = [], 0
    while position < len(data):
        key, position = read_varint(data, position)
        number, wire = key >> 3, key & 7
        start = position
        payload = None
        if wire == 0:
            _, position = read_varint(data, position)
        elif wire == 1:
            position += 8
        elif wire == 5:
            position += 4
        elif wire == 2:
            length, payload_start = read_varint(data, position)
            position = payload_start + length
            payload = data[payload_start:position]
        else:
            raise ValueError(f"wire type {wire} in generated data")
        records.append(Record(number, wire, data[start:position], payload))
    return records


def delimited(number, payload):
    return Record(number, 2, varint(len(payload)) + payload, payload)


def packed_elements(field, payload):
    """The element values (as encoded bytes) of a packed repeated field."""
    size = {1: 8, 5: 4}.get(wire_type(field))
    elements, position = [], 0
    while position < len(payload):
        if size:
            elements.append(payload[position : position + size])
            position += size
        else:
            start = position
            _, position = read_varint(payload, position)
            elements.append(payload[start:position])
    return elements


def stale_record(field):
    """An occurrence of `field` with another value, for a later occurrence to override."""
    wire = wire_type(field)
    value = {0: varint(7), 1: b"\x11" * 8, 5: b"\x22" * 4}.get(wire)
    if wire == 2:
        payload = b"" if field.type == FD.TYPE_MESSAGE else b"stale"
        return delimited(field.number, payload)
    return Record(field.number, wire, value)


def unknown_records(descriptor):
    """Fields of every wire type whose numbers `descriptor` does not declare."""
    used = {f.number for f in descriptor.fields}
    top = max(used, default=0)
    gap = next((n for n in range(1, top) if n not in used), None)
    candidates = [gap, top + 1, 1000, MAX_FIELD_NUMBER, MAX_FIELD_NUMBER - 1, 19000]
    numbers = [n for n in candidates if n is not None and n <= MAX_FIELD_NUMBER and n not in used]
    n = lambda i: numbers[i % len(numbers)]
    return [
        Record(n(0), 0, varint(150)),
        Record(n(1), 1, struct.pack("<d", -2.5)),
        delimited(n(2), "unknown Zoë 🚀".encode()),
        Record(n(3), 5, struct.pack("<I", 0xDEADBEEF)),
        Record(n(0), 0, varint(-2)),  # a ten-byte varint
        delimited(n(1), tag(1, 0) + varint(1) + tag(2, 2) + varint(2) + b"hi"),  # looks like a message
    ]


def add_unknowns(message, depth=0):
    """Merges unknown fields into the message and into the first nested message of each field."""
    message.MergeFromString(b"".join(r.encode() for r in unknown_records(message.DESCRIPTOR)))
    if depth >= 2:
        return message
    for field, value in message.ListFields():
        if field.type != FD.TYPE_MESSAGE or is_map(field):
            continue
        if field.is_repeated:
            if len(value):
                add_unknowns(value[0], depth + 1)
        else:
            add_unknowns(value, depth + 1)
    return message


def wire_variants(descriptor, encoded):
    """Valid encodings of the same message (or, for some, a known other one) that are not
    Python's canonical encoding: each maps a name to (input bytes, whether it decodes to the
    same message as `encoded`)."""
    fields = {f.number: f for f in descriptor.fields}
    records = parse_records(encoded)
    variants = {}

    numbers = [r.number for r in records]
    if len(set(numbers)) >= 2:
        # Fields in descending number order; a repeated field's elements keep their order.
        descending = sorted(records, key=lambda r: -r.number)
        variants["wire-reversed"] = (b"".join(r.encode() for r in descending), True)

    unpacked, changed = [], False
    for r in records:
        field = fields.get(r.number)
        if field is not None and field.is_repeated and field.type in PACKABLE and r.wire == 2:
            for element in packed_elements(field, r.payload):
                unpacked.append(Record(r.number, wire_type(field), element))
            changed = True
        else:
            unpacked.append(r)
    if changed:
        variants["wire-unpacked"] = (b"".join(r.encode() for r in unpacked), True)

    split, changed = [], False
    for r in records:
        field = fields.get(r.number)
        if field is not None and field.type == FD.TYPE_MESSAGE and not field.is_repeated:
            inner = parse_records(r.payload)
            if len(inner) >= 2:
                half = len(inner) // 2
                split.append(delimited(r.number, b"".join(x.encode() for x in inner[:half])))
                split.append(delimited(r.number, b"".join(x.encode() for x in inner[half:])))
                changed = True
                continue
        split.append(r)
    if changed:
        variants["wire-split-message"] = (b"".join(r.encode() for r in split), True)

    duplicated, changed = [], False
    for r in records:
        field = fields.get(r.number)
        if field is not None and not field.is_repeated:
            oneof = oneof_of(field)
            if oneof is not None:
                others = [f for f in oneof.fields if f.number != field.number]
                if others:
                    duplicated.append(stale_record(others[0]))  # the later member wins
                    changed = True
            elif field.type != FD.TYPE_MESSAGE:
                duplicated.append(stale_record(field))  # the last occurrence wins
                changed = True
        duplicated.append(r)
    if changed:
        variants["wire-last-wins"] = (b"".join(r.encode() for r in duplicated), True)

    padded, changed = [], False
    for r in records:
        field = fields.get(r.number)
        if field is not None and r.wire == 0 and len(r.value) < 10:
            padded.append(Record(r.number, 0, overlong(r.value)))
            changed = True
        elif field is not None and r.wire == 2:
            padded.append(Record(r.number, 2, overlong(varint(len(r.payload))) + r.payload))
            changed = True
        else:
            padded.append(r)
    if changed:
        variants["wire-overlong-varints"] = (b"".join(r.encode() for r in padded), True)

    unknown = unknown_records(descriptor)
    interleaved = []
    for index, r in enumerate(records):
        interleaved.append(unknown[index % len(unknown)])
        interleaved.append(r)
    interleaved.append(unknown[-1])
    variants["wire-interleaved-unknown"] = (b"".join(r.encode() for r in interleaved), False)
    return variants


def sorted_maps(descriptor, data):
    """`data` with the entries of every map field in ascending key order, the order C++ and Go
    write deterministically and Swift always writes (integers numerically, false before true,
    strings by UTF-8 bytes).

    upb, the runtime under protobuf's Python package, writes deterministic map entries in an
    order of its own: integer keys descending by their unsigned bit pattern (-1, -5, 100, 3, 0),
    true before false, and strings by bytes except that a key comes before its own prefixes
    ("ab", "a", "b", ""). Deterministic serialization is documented as stable, not sorted nor
    the same across implementations, so the expected bytes are Python's with only the order of
    map entries changed. Returns `data` itself when nothing moves."""
    fields = {f.number: f for f in descriptor.fields}
    records, out, changed = parse_records(data), [], False
    index = 0
    while index < len(records):
        record = records[index]
        field = fields.get(record.number)
        if field is not None and is_map(field):
            run = [record]
            while index + 1 < len(records) and records[index + 1].number == record.number:
                index += 1
                run.append(records[index])
            entry = field.message_type
            if entry.fields_by_name["value"].type == FD.TYPE_MESSAGE:
                adjusted = []
                for r in run:
                    payload = sorted_maps(entry, r.payload)
                    changed |= payload is not r.payload
                    adjusted.append(delimited(r.number, payload) if payload is not r.payload else r)
                run = adjusted
            entry_class = message_class(entry)
            key_type = entry.fields_by_name["key"].type
            ordered = sorted(run, key=lambda r: key_order(key_type, entry_class.FromString(r.payload).key))
            changed |= [r.encode() for r in ordered] != [r.encode() for r in run]
            out.extend(ordered)
        elif field is not None and field.type == FD.TYPE_MESSAGE and record.wire == 2:
            payload = sorted_maps(field.message_type, record.payload)
            if payload is not record.payload:
                changed = True
                record = delimited(record.number, payload)
            out.append(record)
        else:
            out.append(record)
        index += 1
    return b"".join(r.encode() for r in out) if changed else data


# ---------------------------------------------------------------------------------------------
# The corpus


def features(message, found=None, depth=0):
    """What a case exercises, for the coverage report."""
    found = set() if found is None else found
    if unknown_bytes(message):
        found.add("unknown fields")
    for field, value in message.ListFields():
        if oneof_of(field) is not None:
            found.add("oneofs")
        if field.has_presence and oneof_of(field) is None and field.type != FD.TYPE_MESSAGE:
            found.add("proto3 optional")
            if value == zero_value(field):
                found.add("proto3 optional set to zero")
        if is_map(field):
            found.add("maps")
            element = field.message_type.fields_by_name["value"]
            values = list(value.values())
        else:
            element = field
            values = list(value) if field.is_repeated else [value]
        if field.is_repeated and len(value) >= LONG_REPEATED:
            found.add(f"repeated fields of {LONG_REPEATED}+ elements")
        for v in values:
            if element.type == FD.TYPE_MESSAGE:
                features(v, found, depth + 1)
            elif element.type == FD.TYPE_STRING:
                if any(ord(c) > 127 for c in v):
                    found.add("non-ASCII strings")
                if len(v) >= LONG_STRING:
                    found.add(f"strings of {LONG_STRING}+ characters")
            elif element.type in SIGNED32 | SIGNED64 and v < 0:
                found.add("negative integers")
            elif element.type in (FD.TYPE_DOUBLE, FD.TYPE_FLOAT) and math.copysign(1.0, v) < 0:
                found.add("negative floating point (incl. -0.0)")
            elif element.type == FD.TYPE_ENUM and v not in element.enum_type.values_by_number:
                found.add("enum values the schema does not declare")
    if depth >= 2:
        found.add("nesting depth 2+")
    return found


def build_cases(descriptor):
    """(name, input bytes, message) for every case of one message type."""
    cls = message_class(descriptor)
    cases = []
    widest = max([len(o.fields) for o in real_oneofs(descriptor)] or [1])
    for variant in range(widest):
        message = fill(cls(), Mode("full", variant))
        cases.append((f"full-{variant}", message.SerializeToString(deterministic=True)))
    cases.append(("empty", b""))
    for kind in ("negative", "long", "zero"):
        cases.append((kind, fill(cls(), Mode(kind)).SerializeToString(deterministic=True)))
    cases.append(("unknown", add_unknowns(fill(cls(), Mode("full"))).SerializeToString(deterministic=True)))
    base = cases[0][1]
    for name, (data, same) in wire_variants(descriptor, base).items():
        if same and cls.FromString(data).SerializeToString(deterministic=True) != base:
            sys.exit(f"generator bug: {descriptor.full_name} {name} does not decode to the base case")
        cases.append((name, data))
    result, seen = [], set()
    for name, data in cases:
        if data in seen:
            continue  # e.g. `zero` of a message without presence fields is `empty`
        seen.add(data)
        result.append((name, data, cls.FromString(data)))
    return result


def in_scope(full_name, packages):
    return not packages or any(full_name.startswith(p + ".") for p in packages)


def generate(corpus, packages):
    os.makedirs(corpus, exist_ok=True)
    modules = compile_protos(os.path.join(corpus, "_python"))
    every_type = message_types(modules)
    types = {name: d for name, d in every_type.items() if in_scope(name, packages)}
    if not types:
        sys.exit(f"no message type in packages {', '.join(packages)}")
    manifest = {"cases": [], "types": sorted(types), "all_types": sorted(every_type)}
    coverage, field_coverage_gaps = {}, []
    for full_name, descriptor in types.items():
        present = set()
        for kind, data, message in build_cases(descriptor):
            name = f"{full_name}.{kind}"
            deterministic = message.SerializeToString(deterministic=True)
            canonical = sorted_maps(descriptor, deterministic)
            dumped = dump(message)
            assert dump(message_class(descriptor).FromString(canonical)) == dumped, name
            with open(os.path.join(corpus, name + ".input.bin"), "wb") as f:
                f.write(data)
            with open(os.path.join(corpus, name + ".python.bin"), "wb") as f:
                f.write(canonical)
            with open(os.path.join(corpus, name + ".json"), "w", encoding="utf-8") as f:
                json.dump(dumped, f, ensure_ascii=False, sort_keys=True)
            manifest["cases"].append({"name": name, "type": full_name, "kind": kind,
                                      "map_order_adjusted": canonical != deterministic})
            present |= {key for key in dumped if key != "_unknown"}
            for feature in features(message) | ({"non-canonical input"} if data != deterministic else set()):
                coverage.setdefault(feature, set()).add(name)
        missing = [f.name for f in descriptor.fields if f.name not in present]
        if missing:
            field_coverage_gaps.append(f"{full_name}: {', '.join(missing)}")
    with open(os.path.join(corpus, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)

    cases = manifest["cases"]
    covered = {c["type"] for c in cases}
    print(f"corpus: {len(cases)} cases over {len(covered)} message types "
          f"({len(every_type)} in proto/, its google.protobuf imports and the codec test protos"
          + (f"; packages {', '.join(packages)}" if packages else "") + ")")
    for feature in sorted(coverage):
        print(f"  {len(coverage[feature]):4d} cases with {feature}")
    adjusted = sum(1 for c in cases if c["map_order_adjusted"])
    if adjusted:
        print(f"  {adjusted:4d} cases expect map entries in key order where upb's deterministic "
              f"order differs (see sorted_maps)")
    problems = []
    if set(types) - covered:
        problems.append(f"message types without a case: {', '.join(sorted(set(types) - covered))}")
    if field_coverage_gaps:
        problems.append("fields never populated: " + "; ".join(field_coverage_gaps))
    if len(cases) < MINIMUM_CASES and not packages:
        problems.append(f"only {len(cases)} cases, fewer than {MINIMUM_CASES}")
    for problem in problems:
        print(f"corpus error: {problem}")
    if problems:
        sys.exit(1)
    print("  every message type covered, every field populated in at least one case")


# ---------------------------------------------------------------------------------------------
# Checking Swift's side


def load_manifest(corpus):
    with open(os.path.join(corpus, "manifest.json"), encoding="utf-8") as f:
        return json.load(f)


def read_json(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return default


def read_swift_types(corpus):
    """The message types the Swift side registers (written by tandem-conformance check)."""
    try:
        with open(os.path.join(corpus, "swift-types.txt"), encoding="utf-8") as f:
            return {line.strip() for line in f if line.strip()}
    except FileNotFoundError:
        return set()


def verify(corpus):
    manifest = load_manifest(corpus)
    modules = compile_protos(os.path.join(corpus, "_python"))
    types = message_types(modules)
    swift_types = read_swift_types(corpus)
    results, missing, passed, failed = {}, {}, 0, 0
    for case in manifest["cases"]:
        name = case["name"]
        if case["type"] not in swift_types:  # reported once per type below
            results[name] = [f"no Swift type for {case['type']}"]
            missing[case["type"]] = missing.get(case["type"], 0) + 1
            failed += 1
            continue
        problems = []
        path = os.path.join(corpus, name + ".swift.bin")
        with open(os.path.join(corpus, name + ".python.bin"), "rb") as f:
            canonical = f.read()
        expected = read_json(os.path.join(corpus, name + ".json"))
        if not os.path.exists(path):
            problems.append("Swift wrote no encoding (see the Swift side)")
        else:
            with open(path, "rb") as f:
                swift = f.read()
            try:
                message = message_class(types[case["type"]]).FromString(swift)
            except Exception as error:  # the official parser refusing Swift's bytes
                problems.append(f"Python cannot parse Swift's bytes: {error}")
            else:
                difference = first_difference(dump(message), expected, actual_side="python-decoded", expected_side="expected")
                if difference:
                    problems.append(f"decoded value differs: {difference}")
            if swift != canonical:
                problems.append(f"Swift's bytes differ from Python's deterministic serialization: "
                                f"{bytes_difference(swift, canonical)}")
        results[name] = problems
        if problems:
            failed += 1
            for problem in problems:
                print(f"FAIL {name}: {problem}")
        else:
            passed += 1
    for type_name, count in sorted(missing.items()):
        print(f"FAIL {type_name}: no Swift type, so no Swift encoding ({count} cases)")
    with open(os.path.join(corpus, "python-results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False, indent=1)
    print(f"conformance (python side): {passed} passed, {failed} failed")
    return 1 if failed else 0


def summary(corpus):
    manifest = load_manifest(corpus)
    swift = read_json(os.path.join(corpus, "swift-results.json"), {})
    python = read_json(os.path.join(corpus, "python-results.json"), {})
    swift_types = read_swift_types(corpus)
    passed = failed = 0
    for case in manifest["cases"]:
        name = case["name"]
        if swift.get(name, ["no result"]) == [] and python.get(name, ["no result"]) == []:
            passed += 1
        else:
            failed += 1
    scope = manifest["types"]
    missing = [t for t in scope if t not in swift_types]
    extra = sorted(swift_types - set(manifest["all_types"]))
    print(f"coverage: {len(scope) - len(missing)} of {len(scope)} message types have a Swift type")
    for name in missing:
        print(f"FAIL no Swift type for {name}")
    for name in extra:
        print(f"FAIL Swift registers {name}, which proto/ does not declare")
    failed += len(extra)
    print(f"conformance: {passed} passed, {failed} failed")
    return 1 if failed or missing else 0


def seeds(out_dir):
    """Writes the fuzzer's seed corpus: for every request type of every service, in the order
    Tests/Fuzz/DecoderFuzzer.swift numbers them (sorted by full name), its index byte followed by
    populated encodings of the request."""
    with tempfile.TemporaryDirectory() as work:
        modules = compile_protos(os.path.join(work, "_python"))
        types = message_types(modules)
        requests = set()
        for module in modules.values():
            if module.DESCRIPTOR.package.startswith("tandem.conformance"):
                continue
            for service in module.DESCRIPTOR.services_by_name.values():
                requests |= {method.input_type.full_name for method in service.methods}
        os.makedirs(out_dir, exist_ok=True)
        for old in os.listdir(out_dir):
            os.remove(os.path.join(out_dir, old))
        count = 0
        for index, name in enumerate(sorted(requests)):
            for kind, data, _ in build_cases(types[name]):
                if kind not in ("full-0", "unknown", "negative") or len(data) >= 4096:
                    continue  # the fuzzer's -max_len is 4096
                with open(os.path.join(out_dir, f"{index:03d}-{name}.{kind}"), "wb") as f:
                    f.write(bytes([index]) + data)
                count += 1
        print(f"seeds: {count} seeds for {len(requests)} request types in {out_dir}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["generate", "verify", "summary", "seeds"])
    parser.add_argument("corpus")
    parser.add_argument("--only-packages", default=os.environ.get("TANDEM_CONFORMANCE_PACKAGES", ""),
                        help="comma-separated packages to cover (default: every package; "
                             "also TANDEM_CONFORMANCE_PACKAGES)")
    args = parser.parse_args()
    packages = [p.strip() for p in args.only_packages.split(",") if p.strip()]
    if args.command == "generate":
        generate(args.corpus, packages)
        return 0
    if args.command == "seeds":
        seeds(args.corpus)
        return 0
    if args.command == "verify":
        return verify(args.corpus)
    return summary(args.corpus)


if __name__ == "__main__":
    sys.exit(main())
