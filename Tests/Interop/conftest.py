"""Fixtures of the interop suites: the compiled Echo contract, the PKI, and server processes
(tandem-interop-server and echo_server.py) in cleartext, TLS and mutual TLS."""

import os
import sys
import tempfile
from types import SimpleNamespace

import pytest

import echo_proto
import harness


@pytest.fixture(scope="session")
def log_dir():
    directory = os.environ.get("TANDEM_INTEROP_LOG_DIR") or tempfile.mkdtemp(prefix="interop-logs-")
    os.makedirs(directory, exist_ok=True)
    return directory


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """echo.proto compiled by grpcio-tools' protoc, once per session."""
    directory = str(tmp_path_factory.mktemp("generated"))
    echo_proto.compile_echo(directory)
    return directory


@pytest.fixture(scope="session")
def echo(generated):
    pb2, pb2_grpc = echo_proto.load(generated)
    return SimpleNamespace(pb2=pb2, grpc=pb2_grpc)


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    return harness.make_pki(str(tmp_path_factory.mktemp("pki")))


def start_swift_server(mode, pki, log_dir, *extra, label=None):
    binary = harness.executable("TANDEM_INTEROP_SERVER", "tandem-interop-server")
    env = dict(os.environ, TANDEM_LOG_FORMAT="text")
    env.setdefault("TANDEM_LOG_LEVEL", "info")
    label = label or f"swift-server-{mode}"
    return harness.ServerProcess(
        label,
        [binary, "--port", "0", *harness.server_tls_arguments(mode, pki), *extra],
        os.path.join(log_dir, f"{label}.log"),
        mode=mode,
        env=env,
    )


@pytest.fixture(scope="session")
def swift_servers(pki, log_dir):
    """tandem-interop-server per mode, started on first use and stopped at the end."""
    servers = {}

    def get(mode):
        if mode not in servers:
            servers[mode] = start_swift_server(mode, pki, log_dir)
        return servers[mode]

    yield get
    for server in servers.values():
        server.stop()


@pytest.fixture(params=harness.MODES)
def swift_server(request, swift_servers):
    server = swift_servers(request.param)
    assert server.alive(), f"the {request.param} Swift server has exited; see {server.log_path}"
    return server


@pytest.fixture(scope="session")
def python_servers(pki, log_dir, generated):
    """echo_server.py per mode, started on first use."""
    servers = {}

    def get(mode):
        if mode not in servers:
            label = f"python-server-{mode}"
            servers[mode] = harness.ServerProcess(
                label,
                [
                    sys.executable,
                    os.path.join(harness.HERE, "echo_server.py"),
                    "--generated",
                    generated,
                    *harness.server_tls_arguments(mode, pki),
                ],
                os.path.join(log_dir, f"{label}.log"),
                mode=mode,
            )
        return servers[mode]

    yield get
    for server in servers.values():
        server.stop()
