"""Interop with real gRPC peers, in cleartext, TLS and mutual TLS with a CA made at test time:

- Python grpcio as a client of tandem-interop-server: every call kind, metadata both ways,
  deadlines, cancellation, message limits, unknown methods, gzip, 200 concurrent calls on one
  connection, health (grpcio-health-checking) and reflection (grpcio-reflection);
- tandem-interop-client (the Swift client) against echo_server.py (a grpcio server): the same
  list, one scenario per test.
"""

import os
import queue
import signal
import socket
import subprocess
import time

import grpc
import h2.config
import h2.connection
import h2.events
import pytest
from google.protobuf import descriptor_pb2, descriptor_pool
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

import harness
import rawh2
from conftest import start_swift_server

ECHO = "tandem.testing.v1.Echo"
HEALTH = "grpc.health.v1.Health"
REFLECTION_V1 = "grpc.reflection.v1.ServerReflection"
REFLECTION_V1ALPHA = "grpc.reflection.v1alpha.ServerReflection"
MiB = 1024 * 1024


@pytest.fixture
def channel(swift_server, pki):
    channel = harness.make_channel(swift_server, pki)
    yield channel
    channel.close()


@pytest.fixture
def stub(channel, echo):
    return echo.grpc.EchoStub(channel)


def metadata_dict(metadata):
    return {item.key: item.value for item in metadata}


def stats(stub, echo):
    return stub.Stats(echo.pb2.StatsRequest(), timeout=5)


def wait_for_cancelled(stub, echo, before, timeout=5):
    """Polls Stats until the server has counted one more cancelled call than `before`."""
    return harness.wait_until(
        lambda: stats(stub, echo).cancelled_calls >= before + 1 or None, timeout
    )


# --- grpcio client -> Swift server: call kinds ---------------------------------------------


def test_unary(stub, echo):
    response = stub.Get(echo.pb2.EchoRequest(text="hello", payload=bytes(range(256))), timeout=5)
    assert response.text == "hello"
    assert response.payload == bytes(range(256))
    assert response.index == 0


def test_server_streaming(stub, echo):
    responses = list(
        stub.Expand(echo.pb2.EchoRequest(text="item", count=100, response_bytes=1000), timeout=10)
    )
    assert [response.index for response in responses] == list(range(100))
    assert all(r.text == "item" and r.payload == b"x" * 1000 for r in responses)


def test_server_streaming_beyond_the_flow_control_windows(stub, echo):
    # 8 MiB of responses: the server must wait for window updates rather than fail or buffer.
    responses = stub.Expand(echo.pb2.EchoRequest(count=128, response_bytes=64 * 1024), timeout=30)
    assert sum(len(response.payload) for response in responses) == 8 * MiB


def test_client_streaming(stub, echo):
    requests = (echo.pb2.EchoRequest(text=f"{index},") for index in range(50))
    response = stub.Collect(requests, timeout=10)
    assert response.text == "".join(f"{index}," for index in range(50))
    assert response.index == 50


def test_client_streaming_with_no_request(stub, echo):
    response = stub.Collect(iter(()), timeout=5)
    assert response.text == "" and response.index == 0


def test_bidirectional_in_lockstep(stub, echo):
    # Each request is sent only after the previous response arrived: the server must answer
    # while the client's side is still open.
    outbox = queue.Queue()

    def requests():
        while (request := outbox.get()) is not None:
            yield request

    call = stub.Update(requests(), timeout=10)
    for index in range(20):
        outbox.put(echo.pb2.EchoRequest(text=f"message {index}"))
        response = next(call)
        assert (response.text, response.index) == (f"message {index}", index)
    outbox.put(None)
    assert list(call) == []
    assert call.code() == grpc.StatusCode.OK


def test_large_messages_both_ways(stub, echo):
    payload = os.urandom(3 * MiB)
    assert stub.Get(echo.pb2.EchoRequest(payload=payload), timeout=20).payload == payload


# --- metadata, status, deadlines, cancellation ---------------------------------------------


REQUEST_METADATA = (
    ("x-echo-note", "hello there"),
    ("x-echo-blob-bin", bytes([0, 1, 2, 250, 255])),
    ("x-not-echoed", "dropped"),
)


def check_echoed_metadata(initial, trailing):
    initial, trailing = metadata_dict(initial), metadata_dict(trailing)
    assert initial.get("x-echo-note") == "hello there"
    assert initial.get("x-echo-blob-bin") == bytes([0, 1, 2, 250, 255])
    assert "x-not-echoed" not in initial
    assert trailing.get("x-trailer-x-echo-note") == "hello there"
    assert trailing.get("x-trailer-x-echo-blob-bin") == bytes([0, 1, 2, 250, 255])
    assert trailing.get("x-peer", "").startswith("ipv4:127.0.0.1:")


def test_metadata_both_ways_unary(stub, echo):
    _, call = stub.Get.with_call(
        echo.pb2.EchoRequest(text="m"), metadata=REQUEST_METADATA, timeout=5
    )
    check_echoed_metadata(call.initial_metadata(), call.trailing_metadata())


def test_metadata_both_ways_streaming(stub, echo):
    call = stub.Update(
        iter([echo.pb2.EchoRequest(text="m")] * 3), metadata=REQUEST_METADATA, timeout=5
    )
    assert len(list(call)) == 3
    check_echoed_metadata(call.initial_metadata(), call.trailing_metadata())


def test_metadata_on_a_failed_call(stub, echo):
    # Trailers-only response: the status and the trailing metadata travel together.
    with pytest.raises(grpc.RpcError) as raised:
        stub.Get(
            echo.pb2.EchoRequest(fail_code=grpc.StatusCode.NOT_FOUND.value[0], fail_message="gone"),
            metadata=REQUEST_METADATA,
            timeout=5,
        )
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND
    assert (
        metadata_dict(raised.value.trailing_metadata()).get("x-trailer-x-echo-note")
        == "hello there"
    )


@pytest.mark.parametrize(
    "code",
    [
        grpc.StatusCode.INVALID_ARGUMENT,
        grpc.StatusCode.FAILED_PRECONDITION,
        grpc.StatusCode.ABORTED,
    ],
)
def test_error_status_and_message(stub, echo, code):
    message = "naïve ✓ 100% done, line\nbreak"
    with pytest.raises(grpc.RpcError) as raised:
        stub.Get(echo.pb2.EchoRequest(fail_code=code.value[0], fail_message=message), timeout=5)
    assert raised.value.code() == code
    assert raised.value.details() == message


def test_error_after_streamed_responses(stub, echo):
    requests = [
        echo.pb2.EchoRequest(text="a"),
        echo.pb2.EchoRequest(fail_code=10, fail_message="stop"),
    ]
    call = stub.Update(iter(requests), timeout=5)
    first = next(call)
    assert first.text == "a"
    with pytest.raises(grpc.RpcError) as raised:
        next(call)
    assert raised.value.code() == grpc.StatusCode.ABORTED
    assert raised.value.details() == "stop"


def test_deadline_exceeded(stub, echo):
    started = time.monotonic()
    with pytest.raises(grpc.RpcError) as raised:
        stub.Get(echo.pb2.EchoRequest(delay_ms=2000), timeout=0.2)
    assert raised.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert time.monotonic() - started < 1.5


def test_deadline_propagates_to_the_server(stub, echo):
    # The server sees the grpc-timeout and cancels the handler itself: a wait_for_cancel call
    # is counted even though the client never resets the stream in time to matter.
    before = stats(stub, echo).cancelled_calls
    with pytest.raises(grpc.RpcError) as raised:
        stub.Get(echo.pb2.EchoRequest(wait_for_cancel=True), timeout=0.3)
    assert raised.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert wait_for_cancelled(stub, echo, before)


def test_client_cancellation_unary(stub, echo):
    before = stats(stub, echo)
    future = stub.Get.future(echo.pb2.EchoRequest(wait_for_cancel=True), timeout=30)
    assert harness.wait_until(
        lambda: stats(stub, echo).waiting_calls > before.waiting_calls, 5
    ), "the call never reached the server"
    assert future.cancel()
    assert wait_for_cancelled(
        stub, echo, before.cancelled_calls
    ), "the server never saw the cancellation"
    assert future.cancelled()


def test_client_cancellation_bidirectional(stub, echo):
    before = stats(stub, echo).cancelled_calls
    outbox = queue.Queue()

    def requests():
        while (request := outbox.get()) is not None:
            yield request

    call = stub.Update(requests(), timeout=30)
    outbox.put(echo.pb2.EchoRequest(text="wait", wait_for_cancel=True))
    assert next(call).text == "wait"  # the server has it and now waits
    call.cancel()
    outbox.put(None)
    assert wait_for_cancelled(stub, echo, before), "the server never saw the cancellation"
    assert call.code() == grpc.StatusCode.CANCELLED


# --- limits, unknown methods, compression ---------------------------------------------------


def test_five_mib_request_is_refused(stub, echo):
    with pytest.raises(grpc.RpcError) as raised:
        stub.Get(echo.pb2.EchoRequest(payload=b"x" * (5 * MiB)), timeout=20)
    assert raised.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    # The connection is still good for the next call.
    assert stub.Get(echo.pb2.EchoRequest(text="after"), timeout=5).text == "after"


def test_five_mib_message_in_a_stream_is_refused(stub, echo):
    requests = [echo.pb2.EchoRequest(text="ok"), echo.pb2.EchoRequest(payload=b"x" * (5 * MiB))]
    with pytest.raises(grpc.RpcError) as raised:
        stub.Collect(iter(requests), timeout=20)
    assert raised.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


@pytest.mark.parametrize("path", [f"/{ECHO}/Missing", "/no.such.v1.Service/Get", "/nonsense"])
def test_unknown_method_is_unimplemented(channel, path):
    call = channel.unary_unary(path)
    with pytest.raises(grpc.RpcError) as raised:
        call(b"", timeout=5)
    assert raised.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_unknown_streaming_method_is_unimplemented(channel):
    call = channel.stream_stream(f"/{ECHO}/Missing")
    responses = call(iter([b"", b""]), timeout=5)
    with pytest.raises(grpc.RpcError) as raised:
        list(responses)
    assert raised.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_gzip(stub, echo):
    payload = b"compressible " * 20_000
    response = stub.Get(
        echo.pb2.EchoRequest(text="gz", payload=payload),
        compression=grpc.Compression.Gzip,
        timeout=10,
    )
    assert response.payload == payload
    requests = (echo.pb2.EchoRequest(text=str(index), payload=payload) for index in range(5))
    responses = list(stub.Update(requests, compression=grpc.Compression.Gzip, timeout=10))
    assert [response.text for response in responses] == [str(index) for index in range(5)]


def test_gzip_as_the_channel_default(swift_server, pki, echo):
    channel = harness.make_channel(swift_server, pki, compression=grpc.Compression.Gzip)
    with channel:
        stub = echo.grpc.EchoStub(channel)
        payload = b"z" * 100_000
        assert stub.Get(echo.pb2.EchoRequest(payload=payload), timeout=10).payload == payload


def test_gzip_response_is_compressed_on_the_wire(swift_server, pki, echo):
    """grpcio hides whether a response was compressed, so this call is made with h2 directly."""
    tls = None
    if swift_server.mode != "cleartext":
        with_certificate = swift_server.mode == "mtls"
        tls = rawh2.tls_context(
            pki.ca,
            pki.client_certificate if with_certificate else None,
            pki.client_key if with_certificate else None,
        )
    client = rawh2.Client(rawh2.connect(swift_server.port, tls), scheme="https" if tls else "http")
    try:
        request = echo.pb2.EchoRequest(text="wire", payload=b"a" * 50_000).SerializeToString()
        response = client.call(
            f"/{ECHO}/Get",
            rawh2.grpc_frame(request, compressed=True),
            extra_headers=[("grpc-encoding", "gzip"), ("grpc-accept-encoding", "gzip")],
        )
    finally:
        client.close()
    assert response.header("grpc-status") == "0", response.header("grpc-message")
    assert dict(response.headers).get("grpc-encoding") == "gzip"
    frames = rawh2.parse_grpc_frames(response.body)
    assert len(frames) == 1
    compressed, message = frames[0]
    assert compressed, "the response message is not marked compressed"
    assert len(response.body) < 5_000, "the response body is not actually compressed"
    assert echo.pb2.EchoResponse.FromString(message).payload == b"a" * 50_000


def test_unsupported_request_compression_is_unimplemented(swift_server, pki):
    if swift_server.mode != "cleartext":
        pytest.skip("the header check does not depend on the transport")
    client = rawh2.Client(rawh2.connect(swift_server.port))
    try:
        response = client.call(
            f"/{ECHO}/Get",
            rawh2.grpc_frame(b"", compressed=False),
            extra_headers=[("grpc-encoding", "br")],
        )
    finally:
        client.close()
    assert response.header("grpc-status") == str(grpc.StatusCode.UNIMPLEMENTED.value[0])


def test_200_concurrent_calls_on_one_connection(stub, echo):
    # More than the server's 100 concurrent streams: grpcio queues the rest on the connection.
    started = time.monotonic()
    calls = [
        stub.Get.future(echo.pb2.EchoRequest(text=str(index), delay_ms=100), timeout=30)
        for index in range(200)
    ]
    assert [call.result().text for call in calls] == [str(index) for index in range(200)]
    peers = {metadata_dict(call.trailing_metadata())["x-peer"] for call in calls}
    assert len(peers) == 1, f"the calls used {len(peers)} connections"
    assert time.monotonic() - started < 15


# --- TLS and mutual TLS ----------------------------------------------------------------------


def test_mtls_identity_reaches_the_handler(swift_server, stub, echo):
    if swift_server.mode != "mtls":
        pytest.skip("mutual TLS only")
    _, call = stub.Get.with_call(echo.pb2.EchoRequest(), timeout=5)
    assert (
        metadata_dict(call.trailing_metadata()).get("x-peer-identity") == harness.CLIENT_COMMON_NAME
    )


def test_no_identity_without_mtls(swift_server, stub, echo):
    if swift_server.mode == "mtls":
        pytest.skip("without mutual TLS only")
    _, call = stub.Get.with_call(echo.pb2.EchoRequest(), timeout=5)
    assert "x-peer-identity" not in metadata_dict(call.trailing_metadata())


@pytest.mark.parametrize("rogue", [False, True], ids=["no-certificate", "other-ca"])
def test_mtls_refuses_clients_without_a_trusted_certificate(swift_server, pki, echo, rogue):
    if swift_server.mode != "mtls":
        pytest.skip("mutual TLS only")
    with harness.make_channel(swift_server, pki, client_certificate=rogue, rogue=rogue) as channel:
        with pytest.raises(grpc.RpcError) as raised:
            echo.grpc.EchoStub(channel).Get(echo.pb2.EchoRequest(), timeout=5)
    assert raised.value.code() == grpc.StatusCode.UNAVAILABLE
    assert swift_server.alive()


def test_tls_server_refuses_an_untrusting_client(swift_server, pki, echo, tmp_path):
    if swift_server.mode == "cleartext":
        pytest.skip("TLS only")
    # A client that trusts another CA must not accept this server's certificate.
    credentials = grpc.ssl_channel_credentials(root_certificates=pki.read("rogue-ca.pem"))
    with grpc.secure_channel(
        swift_server.address,
        credentials,
        options=[harness.LOCAL_POOL, ("grpc.ssl_target_name_override", "localhost")],
    ) as channel:
        with pytest.raises(grpc.RpcError) as raised:
            echo.grpc.EchoStub(channel).Get(echo.pb2.EchoRequest(), timeout=5)
    assert raised.value.code() == grpc.StatusCode.UNAVAILABLE


# --- health and reflection ----------------------------------------------------------------


def test_health_check(channel):
    health = health_pb2_grpc.HealthStub(channel)
    for service in ("", ECHO, HEALTH):
        response = health.Check(health_pb2.HealthCheckRequest(service=service), timeout=5)
        assert response.status == health_pb2.HealthCheckResponse.SERVING, service
    with pytest.raises(grpc.RpcError) as raised:
        health.Check(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=5)
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND


def test_health_watch(channel):
    health = health_pb2_grpc.HealthStub(channel)
    watch = health.Watch(health_pb2.HealthCheckRequest(service=ECHO), timeout=10)
    assert next(watch).status == health_pb2.HealthCheckResponse.SERVING
    watch.cancel()
    unknown = health.Watch(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=10)
    assert next(unknown).status == health_pb2.HealthCheckResponse.SERVICE_UNKNOWN
    unknown.cancel()


def compiled_echo_file(generated):
    descriptor_set = descriptor_pb2.FileDescriptorSet()
    with open(os.path.join(generated, "echo.binpb"), "rb") as handle:
        descriptor_set.ParseFromString(handle.read())
    (file,) = descriptor_set.file
    return file


def test_reflection_v1alpha_with_grpcio_reflection(channel, generated):
    database = ProtoReflectionDescriptorDatabase(channel)
    services = set(database.get_services())
    assert {ECHO, HEALTH, REFLECTION_V1, REFLECTION_V1ALPHA} <= services
    served = database.FindFileContainingSymbol(ECHO)
    # The embedded descriptor (Tests/Interop/update-descriptor) equals what protoc makes of
    # echo.proto today: a stale one fails here.
    assert served == compiled_echo_file(generated)
    pool = descriptor_pool.DescriptorPool(database)
    service = pool.FindServiceByName(ECHO)
    assert [method.name for method in service.methods] == [
        "Get",
        "Expand",
        "Collect",
        "Update",
        "Stats",
    ]
    assert pool.FindMessageTypeByName("tandem.testing.v1.EchoRequest").fields_by_name[
        "wait_for_cancel"
    ]
    assert pool.FindServiceByName(HEALTH).methods_by_name["Watch"]


def reflect(channel, version, requests):
    """Raw ServerReflectionInfo calls: v1 and v1alpha share their messages field for field."""
    call = channel.stream_stream(
        f"/grpc.reflection.{version}.ServerReflection/ServerReflectionInfo",
        request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
    )
    return list(call(iter(requests), timeout=10))


@pytest.mark.parametrize("version", ["v1", "v1alpha"])
def test_reflection_raw(channel, generated, version):
    requests = [
        reflection_pb2.ServerReflectionRequest(list_services=""),
        reflection_pb2.ServerReflectionRequest(
            file_containing_symbol="tandem.testing.v1.EchoResponse"
        ),
        reflection_pb2.ServerReflectionRequest(file_by_filename="tandem/testing/v1/echo.proto"),
        reflection_pb2.ServerReflectionRequest(file_containing_symbol="no.such.Symbol"),
        reflection_pb2.ServerReflectionRequest(
            file_containing_symbol="grpc.health.v1.Health.Check"
        ),
    ]
    listed, by_symbol, by_name, missing, health = reflect(channel, version, requests)
    names = {service.name for service in listed.list_services_response.service}
    assert {ECHO, HEALTH, REFLECTION_V1, REFLECTION_V1ALPHA} <= names
    expected = compiled_echo_file(generated)
    for response in (by_symbol, by_name):
        files = [
            descriptor_pb2.FileDescriptorProto.FromString(raw)
            for raw in response.file_descriptor_response.file_descriptor_proto
        ]
        assert files == [expected]
    assert missing.error_response.error_code == grpc.StatusCode.NOT_FOUND.value[0]
    health_files = health.file_descriptor_response.file_descriptor_proto
    assert (
        descriptor_pb2.FileDescriptorProto.FromString(health_files[0]).name
        == "grpc/health/v1/health.proto"
    )


# --- graceful shutdown -----------------------------------------------------------------------


def test_sigterm_drains_calls_and_exits_cleanly(pki, log_dir, echo):
    server = start_swift_server("cleartext", pki, log_dir, label="swift-server-shutdown")
    try:
        channel = harness.make_channel(server, pki)
        stub = echo.grpc.EchoStub(channel)
        health = health_pb2_grpc.HealthStub(channel)
        watch = health.Watch(health_pb2.HealthCheckRequest(service=""), timeout=30)
        assert next(watch).status == health_pb2.HealthCheckResponse.SERVING
        in_flight = stub.Get.future(
            echo.pb2.EchoRequest(text="finish me", delay_ms=1000), timeout=30
        )
        time.sleep(0.2)
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        # Watchers hear NOT_SERVING; the call in flight still completes.
        assert next(watch).status == health_pb2.HealthCheckResponse.NOT_SERVING
        assert in_flight.result().text == "finish me"
        assert server.process.wait(15) == 0
        assert time.monotonic() - started < 10
        channel.close()
    finally:
        server.kill()


# --- the Swift client against grpcio's server ------------------------------------------------

SWIFT_CLIENT_SCENARIOS = [
    "unary",
    "server-streaming",
    "client-streaming",
    "bidirectional",
    "metadata",
    "error-status",
    "deadline-exceeded",
    "cancellation",
    "resource-exhausted",
    "unimplemented",
    "gzip",
    "concurrent-200",
]


def run_swift_client(server, pki, log_path):
    """tandem-interop-client against `server` in its mode; the finished process."""
    binary = harness.executable("TANDEM_INTEROP_CLIENT", "tandem-interop-client")
    argv = [binary, "--target", server.address]
    if server.mode != "cleartext":
        argv += ["--ca", pki.ca, "--server-name", "localhost"]
    if server.mode == "mtls":
        argv += [
            "--client-certificate", pki.client_certificate,
            "--client-key", pki.client_key,
            "--expect-identity", harness.CLIENT_COMMON_NAME,
        ]  # fmt: skip
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired as expired:
        # The client limits each scenario itself; this only catches a client that hangs anyway.
        stdout = expired.stdout.decode(errors="replace") if expired.stdout else ""
        stderr = expired.stderr.decode(errors="replace") if expired.stderr else ""
        result = subprocess.CompletedProcess(
            argv, -9, stdout + "\nFAIL client: killed after 300 s\n", stderr
        )
    with open(log_path, "w") as log:
        log.write(f"$ {' '.join(argv)}\n{result.stdout}\n--- stderr\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def swift_client_runs(python_servers, pki, log_dir):
    """tandem-interop-client's output against echo_server.py, once per mode."""
    runs = {}

    def get(mode):
        if mode not in runs:
            log_path = os.path.join(log_dir, f"swift-client-{mode}.log")
            runs[mode] = run_swift_client(python_servers(mode), pki, log_path)
        return runs[mode]

    return get


def scenario_results(output):
    results = {}
    for line in output.splitlines():
        if line.startswith("PASS "):
            results[line[5:].strip()] = "PASS"
        elif line.startswith("FAIL "):
            name, _, why = line[5:].partition(":")
            results[name.strip()] = why.strip() or "FAIL"
    return results


@pytest.mark.parametrize("mode", harness.MODES)
def test_swift_client_exits_zero(swift_client_runs, mode):
    result = swift_client_runs(mode)
    assert (
        result.returncode == 0
    ), f"exit {result.returncode}\n{result.stdout}\n{result.stderr[-3000:]}"


@pytest.mark.parametrize("scenario", SWIFT_CLIENT_SCENARIOS)
@pytest.mark.parametrize("mode", harness.MODES)
def test_swift_client_scenario(swift_client_runs, mode, scenario):
    result = swift_client_runs(mode)
    outcome = scenario_results(result.stdout).get(scenario)
    assert (
        outcome is not None
    ), f"scenario {scenario} did not run\n{result.stdout}\n{result.stderr[-2000:]}"
    assert outcome == "PASS", outcome


def test_swift_client_sees_its_mtls_identity(swift_client_runs):
    assert scenario_results(swift_client_runs("mtls").stdout).get("mtls-identity") == "PASS"


def test_swift_client_against_the_swift_server(swift_server, pki, log_dir):
    """Both of our ends together, as the services will use them."""
    log_path = os.path.join(log_dir, f"swift-client-to-swift-{swift_server.mode}.log")
    result = run_swift_client(swift_server, pki, log_path)
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL ")]
    assert (
        result.returncode == 0 and not failures
    ), f"{failures or result.stdout}\n{result.stderr[-2000:]}"
    assert len([line for line in result.stdout.splitlines() if line.startswith("PASS ")]) >= len(
        SWIFT_CLIENT_SCENARIOS
    )


def test_a_call_refused_mid_request_does_not_leave_its_stream_stalled(swift_server, echo):
    """A client-streaming call whose handler sleeps on its first message while a 5 MiB second one
    arrives (beyond the buffer whose window is returned at once), then refuses it with
    RESOURCE_EXHAUSTED. A client that goes on sending, as HTTP/2 allows, must either be able to
    finish its request (the window of the discarded bytes returned) or be told to stop with
    RST_STREAM: a stream stalled at window 0 stays open on both ends for good."""
    if swift_server.mode != "cleartext":
        pytest.skip("flow control does not depend on the transport")
    sock = rawh2.connect(swift_server.port)
    sock.settimeout(0.2)
    conn = h2.connection.H2Connection(
        config=h2.config.H2Configuration(client_side=True, header_encoding="utf-8")
    )
    conn.initiate_connection()
    sock.sendall(conn.data_to_send())
    conn.send_headers(1, rawh2.request_headers(f"/{ECHO}/Collect"))
    body = rawh2.grpc_frame(echo.pb2.EchoRequest(delay_ms=500).SerializeToString())
    body += rawh2.grpc_frame(echo.pb2.EchoRequest(payload=b"x" * (5 * MiB)).SerializeToString())
    total = len(body)
    sent, status, reset = 0, None, None
    deadline = time.monotonic() + 10
    try:
        while time.monotonic() < deadline:
            done_sending = sent == total or reset is not None
            if done_sending and status is not None:
                break
            window = min(conn.local_flow_control_window(1), conn.max_outbound_frame_size)
            if not done_sending and window > 0:
                chunk = body[sent : sent + window]
                sent += len(chunk)
                conn.send_data(1, chunk, end_stream=sent == total)
                sock.sendall(conn.data_to_send())
                continue
            try:
                data = sock.recv(65536)
            except socket.timeout:
                continue
            if not data:
                break
            for event in conn.receive_data(data):
                if isinstance(event, (h2.events.ResponseReceived, h2.events.TrailersReceived)):
                    status = dict(event.headers).get("grpc-status", status)
                elif isinstance(event, h2.events.StreamReset) and event.stream_id == 1:
                    reset = event.error_code
            sock.sendall(conn.data_to_send())
    finally:
        sock.close()
    assert status == str(grpc.StatusCode.RESOURCE_EXHAUSTED.value[0])
    assert sent == total or reset is not None, (
        f"after answering RESOURCE_EXHAUSTED the server left the stream open with window 0: "
        f"{sent} of {total} request bytes sent, no RST_STREAM"
    )
