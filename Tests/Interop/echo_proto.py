"""Compiles tandem/testing/v1/echo.proto with grpcio-tools' protoc and imports the result.

Shared by echo_server.py and the pytest suites, so that both use the one contract the Swift side
implements by hand.
"""

import importlib
import os
import sys

import grpc_tools
from grpc_tools import protoc

PROTO_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "proto")
ECHO_PROTO = "tandem/testing/v1/echo.proto"


def compile_echo(out_dir):
    """Writes echo_pb2.py, echo_pb2_grpc.py and a descriptor set (echo.binpb) into out_dir."""
    os.makedirs(out_dir, exist_ok=True)
    includes = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    status = protoc.main(
        [
            "protoc",
            f"-I{PROTO_ROOT}",
            f"-I{includes}",
            f"--python_out={out_dir}",
            f"--grpc_python_out={out_dir}",
            f"--descriptor_set_out={os.path.join(out_dir, 'echo.binpb')}",
            ECHO_PROTO,
        ]
    )
    if status != 0:
        raise RuntimeError(f"protoc failed on {ECHO_PROTO} with status {status}")


def load(out_dir):
    """Imports the compiled modules from out_dir: returns (echo_pb2, echo_pb2_grpc)."""
    if out_dir not in sys.path:
        sys.path.insert(0, out_dir)
    pb2 = importlib.import_module("tandem.testing.v1.echo_pb2")
    pb2_grpc = importlib.import_module("tandem.testing.v1.echo_pb2_grpc")
    return pb2, pb2_grpc
