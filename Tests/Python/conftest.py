"""Fixtures of the API suite (scripts/api-tests): proto/ compiled for grpcio at test time, and the
three Tandem servers started on free ports against the PostgreSQL that scripts/test made.

The databases come from environment variables, for each of TASKS, PROJECTS and NOTIFY:
  TANDEM_TEST_<SERVICE>_DATABASE_URL      the schema owner (tandem_owner), for the migrations
  TANDEM_TEST_<SERVICE>_APP_DATABASE_URL  the application role (tandem_app) the server runs as
The executables are TANDEM_TASKS_EXECUTABLE, TANDEM_PROJECTS_EXECUTABLE and
TANDEM_NOTIFY_EXECUTABLE, else those of .build/debug. Server logs go to TANDEM_API_TESTS_LOG_DIR
(scripts/api-tests: .tandem/logs/api-tests), else a temporary folder.
"""

import glob
import importlib
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from types import SimpleNamespace

import grpc
import grpc_tools
import pytest
from grpc_tools import protoc

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PROTO_ROOT = os.path.join(ROOT, "proto")
SERVICES = ("tasks", "projects", "notify")
# Each test channel gets its own connection (grpcio otherwise shares one between equal channels).
LOCAL_POOL = ("grpc.use_local_subchannel_pool", 1)
# The person every call of the suite acts for (x-tandem-actor).
ACTOR = "alice@example.com"
START_TIMEOUT = 90
CALL_TIMEOUT = 30


def wait_until(condition, what, timeout=30):
    """condition()'s first truthy value, asked every 0.1 s; fails naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


_ports_given = set()


def free_port():
    """A port for a server to listen on, below the kernel's ephemeral range (32768 and up).

    A port the kernel picks for bind(0) comes from the range that outgoing connections (to
    PostgreSQL, between the services) also draw their local ports from, so between this check
    and the server's own bind one of them could take it. Ports below that range are never given
    to outgoing connections; each is handed out once per test run.
    """
    rng = random.Random()
    for _ in range(10_000):
        port = rng.randint(20_000, 32_000)
        if port in _ports_given:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _ports_given.add(port)
        return port
    raise RuntimeError("no free port between 20000 and 32000")


def executable(service):
    variable = f"TANDEM_{service.upper()}_EXECUTABLE"
    path = os.environ.get(variable) or os.path.join(ROOT, ".build", "debug", f"tandem-{service}")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"tandem-{service} not found at {path}: set {variable} or build it")
    return path


def database_urls(service):
    """(owner URL, app URL) of a service's test database; fails naming the missing variables."""
    owner = f"TANDEM_TEST_{service.upper()}_DATABASE_URL"
    app = f"TANDEM_TEST_{service.upper()}_APP_DATABASE_URL"
    missing = [name for name in (owner, app) if not os.environ.get(name)]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not set: run the suite through scripts/test or scripts/api-tests "
            "with a PostgreSQL of scripts/lib/postgres.sh",
            pytrace=False,
        )
    return os.environ[owner], os.environ[app]


# --- the contract --------------------------------------------------------------------------


def compile_protos(out_dir):
    """Compiles every tandem/**/*.proto of proto/ for Python and grpcio into out_dir."""
    files = sorted(
        os.path.relpath(path, PROTO_ROOT)
        for path in glob.glob(os.path.join(PROTO_ROOT, "tandem", "**", "*.proto"), recursive=True)
    )
    includes = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    status = protoc.main(
        [
            "protoc",
            f"-I{PROTO_ROOT}",
            f"-I{includes}",
            f"--python_out={out_dir}",
            f"--grpc_python_out={out_dir}",
            *files,
        ]
    )
    if status != 0:
        raise RuntimeError(f"protoc failed on proto/ with status {status}")


@pytest.fixture(scope="session")
def pb(tmp_path_factory):
    """The compiled modules: pb.tasks, pb.tasks_grpc, pb.admin, pb.admin_grpc, pb.common, pb.events, pb.notify, pb.notify_grpc."""
    out_dir = str(tmp_path_factory.mktemp("generated"))
    compile_protos(out_dir)
    sys.path.insert(0, out_dir)

    def load(name):
        return importlib.import_module(name)

    return SimpleNamespace(
        tasks=load("tandem.tasks.v1.tasks_pb2"),
        tasks_grpc=load("tandem.tasks.v1.tasks_pb2_grpc"),
        admin=load("tandem.admin.v1.admin_pb2"),
        admin_grpc=load("tandem.admin.v1.admin_pb2_grpc"),
        common=load("tandem.common.v1.common_pb2"),
        events=load("tandem.common.v1.events_pb2"),
        notify=load("tandem.notify.v1.notify_pb2"),
        notify_grpc=load("tandem.notify.v1.notify_pb2_grpc"),
    )


# --- the servers ---------------------------------------------------------------------------


class ServerProcess:
    """One Tandem server, its standard error in a log file."""

    def __init__(self, service, env, log_path):
        self.service = service
        self.log_path = log_path
        self.address = env[f"TANDEM_{service.upper()}_LISTEN"]
        self.metrics_address = env.get(f"TANDEM_{service.upper()}_METRICS_LISTEN")
        self._log = open(log_path, "ab")
        self.process = subprocess.Popen(
            [executable(service)],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
            env=env,
        )

    def alive(self):
        return self.process.poll() is None

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, "rb") as handle:
                return b"".join(handle.readlines()[-lines:]).decode(errors="replace")
        except OSError:
            return ""

    def stop(self, timeout=30):
        """SIGTERM, then the exit status; killed (status None) when it does not stop in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                self._log.close()
                return None
        self._log.close()
        return self.process.returncode


def wait_serving(server, deadline):
    """Polls grpc.health.v1.Health/Check until the server answers SERVING."""
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    last = "no answer"
    with grpc.insecure_channel(server.address, options=[LOCAL_POOL]) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < deadline:
            if not server.alive():
                raise RuntimeError(
                    f"tandem-{server.service} exited with status {server.process.returncode} before it "
                    f"served; log {server.log_path}:\n{server.log_tail()}"
                )
            try:
                answer = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=2)
                if answer.status == health_pb2.HealthCheckResponse.SERVING:
                    return
                last = health_pb2.HealthCheckResponse.ServingStatus.Name(answer.status)
            except grpc.RpcError as error:
                last = f"{error.code().name}: {error.details()}"
            time.sleep(0.2)
    raise RuntimeError(
        f"tandem-{server.service} was not SERVING within {START_TIMEOUT} s (last: {last}); "
        f"log {server.log_path}:\n{server.log_tail()}"
    )


@dataclass
class Deployment:
    """The three running servers, the tenant made for the suite and its credentials."""

    pb: SimpleNamespace
    servers: dict
    admin_token: str
    tenant: object = None
    write_key: str = ""
    read_key: str = ""
    base_env: dict = field(default_factory=dict)
    urls: dict = field(default_factory=dict)
    log_dir: str = ""
    channels: list = field(default_factory=list)

    def start_extra(self, service, label, **overrides):
        """Another server of `service` beside the deployment's, on free ports, with its
        environment changed by `overrides` (None removes a variable); serving when it returns.
        The caller stops it."""
        env = service_environment(self.base_env, service, self.urls, free_port(), free_port())
        for name, value in overrides.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        server = ServerProcess(service, env, os.path.join(self.log_dir, f"{label}.log"))
        try:
            wait_serving(server, time.monotonic() + START_TIMEOUT)
        except BaseException:
            server.stop()
            raise
        return server

    def channel(self, service):
        server = self.servers[service] if isinstance(service, str) else service
        channel = grpc.insecure_channel(server.address, options=[LOCAL_POOL])
        self.channels.append(channel)
        return channel

    def admin(self):
        return self.pb.admin_grpc.TenantAdminStub(self.channel("projects"))

    def admin_metadata(self):
        return (("authorization", f"Bearer {self.admin_token}"),)

    def create_tenant(self, slug, display_name):
        """TenantAdmin.CreateTenant, retried with its request_id while a service is UNAVAILABLE."""
        admin = self.admin()
        request = self.pb.admin.CreateTenantRequest(
            slug=slug, display_name=display_name, time_zone="UTC", request_id=f"api-tests-{slug}"
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                response = admin.CreateTenant(
                    request, metadata=self.admin_metadata(), timeout=CALL_TIMEOUT
                )
                return response.tenant
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.UNAVAILABLE or time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def create_key(self, tenant_id, name, scopes):
        response = self.admin().CreateApiKey(
            self.pb.admin.CreateApiKeyRequest(tenant_id=tenant_id, name=name, scopes=scopes),
            metadata=self.admin_metadata(),
            timeout=CALL_TIMEOUT,
        )
        assert response.secret, "CreateApiKey answered no secret"
        return response.secret


def server_environment(ports, admin_token, service_token):
    """The environment every server gets: nothing inherited of Tandem's own variables."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("TANDEM_") and name != "DATABASE_URL"
    }
    env.update(
        TANDEM_ADMIN_TOKEN=admin_token,
        TANDEM_SERVICE_TOKEN=service_token,
        TANDEM_LOG_FORMAT="text",
        TANDEM_LOG_LEVEL=os.environ.get("TANDEM_LOG_LEVEL", "info"),
        # The suite makes a few hundred calls in bursts; the per-tenant limit is not under test.
        TANDEM_RATE_LIMIT_PER_SECOND="100000",
        TANDEM_RATE_LIMIT_BURST="100000",
        # tandem-notify: the webhook receivers of test_webhooks.py listen on 127.0.0.1, and retries
        # come within seconds (0.2, 0.8, 3.2, 12.8 s) so that the budget of 5 is spent in a test.
        TANDEM_WEBHOOK_ALLOW="loopback",
        TANDEM_WEBHOOK_RETRY_BASE_MS="200",
        TANDEM_WEBHOOK_MAX_ATTEMPTS="5",
        TANDEM_WEBHOOK_TIMEOUT_SECONDS="5",
    )
    for service in SERVICES:
        env[f"TANDEM_{service.upper()}_ADDRESS"] = f"127.0.0.1:{ports[service][0]}"
    return env


def service_environment(base, service, urls, listen_port, metrics_port):
    """`base` with one server's listen addresses and databases."""
    owner_url, app_url = urls[service]
    env = dict(base)
    prefix = f"TANDEM_{service.upper()}"
    env[f"{prefix}_LISTEN"] = f"127.0.0.1:{listen_port}"
    env[f"{prefix}_METRICS_LISTEN"] = f"127.0.0.1:{metrics_port}"
    env[f"{prefix}_DATABASE_URL"] = app_url
    env[f"{prefix}_MIGRATION_DATABASE_URL"] = owner_url
    return env


@pytest.fixture(scope="module")
def deployment(pb):
    """tandem-projects, tandem-tasks and tandem-notify on free ports, each migrating its own
    database; a tenant made through TenantAdmin.CreateTenant, a read-write API key and a
    read-only one. The servers get SIGTERM at the end and must exit 0."""
    log_dir = os.environ.get("TANDEM_API_TESTS_LOG_DIR") or tempfile.mkdtemp(prefix="api-tests-")
    os.makedirs(log_dir, exist_ok=True)
    urls = {service: database_urls(service) for service in SERVICES}
    admin_token = secrets.token_hex(24)
    ports = {service: (free_port(), free_port()) for service in SERVICES}
    base = server_environment(ports, admin_token, secrets.token_hex(24))

    servers = {}
    try:
        for service in SERVICES:
            env = service_environment(base, service, urls, *ports[service])
            servers[service] = ServerProcess(
                service, env, os.path.join(log_dir, f"tandem-{service}.log")
            )
        deadline = time.monotonic() + START_TIMEOUT
        for server in servers.values():
            wait_serving(server, deadline)

        stack = Deployment(
            pb=pb, servers=servers, admin_token=admin_token, base_env=base, urls=urls, log_dir=log_dir
        )
        slug = f"api-tests-{secrets.token_hex(4)}"
        stack.tenant = stack.create_tenant(slug, "API tests")
        assert stack.tenant.state == pb.admin.TENANT_STATE_ACTIVE, stack.tenant
        stack.write_key = stack.create_key(
            stack.tenant.id, "api-tests read-write", [pb.admin.SCOPE_READ, pb.admin.SCOPE_WRITE]
        )
        stack.read_key = stack.create_key(stack.tenant.id, "api-tests read-only", [pb.admin.SCOPE_READ])
    except BaseException:
        for server in servers.values():
            server.stop()
        raise

    yield stack

    for channel in stack.channels:
        channel.close()
    statuses = {service: server.stop() for service, server in servers.items()}
    failed = {service: status for service, status in statuses.items() if status != 0}
    assert not failed, (
        f"servers that did not exit 0 on SIGTERM (None: killed after 30 s): {failed}; logs in {log_dir}"
    )


def expect_error(code, call, *args, field=None, **kwargs):
    """Runs the call, which must fail with `code` (and name `field` in its message)."""
    try:
        result = call(*args, **kwargs)
    except grpc.RpcError as error:
        assert error.code() == code, (
            f"expected {code.name}, got {error.code().name}: {error.details()!r}"
        )
        if field is not None:
            assert field in (error.details() or ""), (
                f"{code.name} message does not name {field!r}: {error.details()!r}"
            )
        return error
    raise AssertionError(f"expected {code.name}, got a success: {result}")


SAMPLE = re.compile(r'^([a-z_]+)(\{[^}]*\})? ([0-9.eE+-]+|NaN)$')


def scrape(server):
    """{(name, labels): value} of a server's /metrics."""
    with urllib.request.urlopen(f"http://{server.metrics_address}/metrics", timeout=10) as answer:
        assert answer.status == 200
        assert answer.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = answer.read().decode()
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        assert match, f"not Prometheus text: {line!r}"
        samples[(match.group(1), match.group(2) or "")] = float(match.group(3))
    return samples


def value(samples, name, **labels):
    """The sum of `name`'s samples whose labels include `labels`."""
    total, found = 0.0, False
    for (sample, text), number in samples.items():
        if sample != name:
            continue
        if all(f'{key}="{wanted}"' in text for key, wanted in labels.items()):
            total += number
            found = True
    return total if found else None
