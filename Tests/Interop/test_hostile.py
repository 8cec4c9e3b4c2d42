"""Hostile peers against tandem-interop-server, written with h2, hyperframe and hpack on raw
sockets: an oversized header list, a RST_STREAM flood, a CONTINUATION flood, a PING flood, a
reader that never opens its window, connections that never send their preface. After each the
server must still be up and answer the next well-behaved grpcio client promptly (PROMPTLY seconds).
"""

import socket
import struct
import time

import hpack
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hyperframe.frame import (
    ContinuationFrame,
    DataFrame,
    Frame,
    GoAwayFrame,
    HeadersFrame,
    PingFrame,
    RstStreamFrame,
    SettingsFrame,
    WindowUpdateFrame,
)

import harness
import rawh2
from conftest import start_swift_server

PREFACE_TIMEOUT = 2.0
HEADER_TIMEOUT = 2.0
# How long a well-behaved client may wait during or after an attack, connection and TLS handshake
# included: half the servers' default preface and header timeouts (10 s), and generous for CI's
# two shared cores.
PROMPTLY = 5.0
ENHANCE_YOUR_CALM = 0xB
CANCEL = 0x8
GET = "/tandem.testing.v1.Echo/Get"
EXPAND = "/tandem.testing.v1.Echo/Expand"


@pytest.fixture(scope="module")
def server(pki, log_dir):
    """A cleartext server of its own, with a short preface timeout, so that these tests neither
    disturb the others nor wait 10 s for the default."""
    process = start_swift_server(
        "cleartext",
        pki,
        log_dir,
        "--preface-timeout",
        str(PREFACE_TIMEOUT),
        "--header-timeout",
        str(HEADER_TIMEOUT),
        label="swift-server-hostile",
    )
    yield process
    process.stop()


@pytest.fixture
def well_behaved(server, pki, echo):
    """Checks, after the test's attack, that a new grpcio client is answered promptly."""

    def check(note=""):
        assert server.alive(), f"the server died {note}; see {server.log_path}"
        with harness.make_channel(server, pki) as channel:
            started = time.monotonic()
            response = echo.grpc.EchoStub(channel).Get(
                echo.pb2.EchoRequest(text="still here"), timeout=PROMPTLY
            )
            assert response.text == "still here"
            health = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=PROMPTLY
            )
            assert health.status == health_pb2.HealthCheckResponse.SERVING
            elapsed = time.monotonic() - started
        assert elapsed < PROMPTLY, f"the well-behaved client waited {elapsed:.2f}s {note}"

    yield check
    check("after the attack")


# --- raw connection helpers ------------------------------------------------------------------


class RawConnection:
    """A client connection that writes frames exactly as told."""

    def __init__(self, port, settings=None, preface=True):
        self.sock = rawh2.connect(port, timeout=5)
        self.encoder = hpack.Encoder()
        self.buffer = b""
        self.closed = False
        if preface:
            self.send(rawh2.PREFACE + SettingsFrame(0, settings=settings or {}).serialize())

    def send(self, data):
        self.sock.sendall(data)

    def header_block(self, path, extra=()):
        return self.encoder.encode(rawh2.request_headers(path, extra=extra))

    def request(self, stream_id, path, message=b"", end_stream=True):
        """HEADERS and, with a message, DATA: a complete gRPC request."""
        headers = HeadersFrame(stream_id, self.header_block(path))
        headers.flags.add("END_HEADERS")
        data = DataFrame(stream_id, rawh2.grpc_frame(message))
        if end_stream:
            data.flags.add("END_STREAM")
        return headers.serialize() + data.serialize()

    def read_frames(self, timeout, until=None):
        """Frames received until `until(frame)` is true, the peer closes, or `timeout` passes."""
        frames = []
        deadline = time.monotonic() + timeout
        while not self.closed:
            while len(self.buffer) >= 9:
                frame, length = Frame.parse_frame_header(memoryview(self.buffer[:9]))
                if len(self.buffer) < 9 + length:
                    break
                frame.parse_body(memoryview(self.buffer[9 : 9 + length]))
                self.buffer = self.buffer[9 + length :]
                frames.append(frame)
                if until and until(frame):
                    return frames
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(1 << 16)
            except socket.timeout:
                break
            except (ConnectionResetError, BrokenPipeError):
                chunk = b""
            if not chunk:
                self.closed = True
            self.buffer += chunk
        return frames

    def wait_closed(self, timeout):
        """Reads (and drops) frames until the peer closes; whether it did within `timeout`."""
        frames = self.read_frames(timeout)
        return self.closed, frames

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def goaways(frames):
    return [frame for frame in frames if isinstance(frame, GoAwayFrame)]


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


# --- the attacks -------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["one-huge-header", "many-headers"])
def test_oversized_header_list(server, echo, well_behaved, shape):
    if shape == "one-huge-header":
        extra = [("x-huge", "a" * 60_000)]
    else:
        extra = [(f"x-header-{index}", "b" * 40) for index in range(1500)]
    client = rawh2.Client(rawh2.connect(server.port))
    try:
        request = rawh2.grpc_frame(echo.pb2.EchoRequest(text="big").SerializeToString())
        refused = client.call(GET, request, extra_headers=extra)
        # Refused, by a reset, an HTTP error or a gRPC error, never served.
        served = refused.header("grpc-status") == "0"
        assert not served, "a header list over the advertised limit was served"
        assert (
            refused.reset is not None
            or refused.header("grpc-status")
            or refused.header(":status") != "200"
        )
        if client.terminated is None:
            # Only that stream is refused: the connection goes on serving.
            served = client.call(GET, request)
            assert served.header("grpc-status") == "0"
    finally:
        client.close()
    well_behaved()


def test_rst_stream_flood(server, echo, well_behaved):
    # "Rapid reset": open a stream, reset it at once, thousands of times. Each costs the server
    # a call it starts and cancels; it must limit them.
    connection = RawConnection(server.port)
    message = echo.pb2.EchoRequest(text="flood").SerializeToString()
    sent = 0
    try:
        for batch in range(20):
            frames = []
            for index in range(500):
                stream_id = 2 * (batch * 500 + index) + 1
                frames.append(connection.request(stream_id, GET, message, end_stream=False))
                frames.append(RstStreamFrame(stream_id, error_code=CANCEL).serialize())
            connection.send(b"".join(frames))
            sent += 500
    except (BrokenPipeError, ConnectionResetError):
        pass
    closed, frames = connection.wait_closed(10)
    connection.close()
    assert closed, f"the server let {sent} stream resets through without closing the connection"
    # nghttp2's reset rate limit answers GOAWAY INTERNAL_ERROR; ENHANCE_YOUR_CALM would do too.
    errors = [frame.error_code for frame in goaways(frames) if frame.error_code != 0]
    assert errors, f"the connection closed after {sent} resets without a GOAWAY naming an error"
    well_behaved()


@pytest.mark.parametrize("fragment", [0, 1024], ids=["empty-frames", "1-KiB-frames"])
def test_continuation_flood(server, well_behaved, fragment):
    # A header block that never ends: HEADERS without END_HEADERS, then CONTINUATION frames.
    connection = RawConnection(server.port)
    block = connection.header_block(GET)
    padding = (b"\x00" * fragment) if fragment else b""
    sent_bytes = 0
    refused = False
    try:
        connection.send(HeadersFrame(1, block).serialize())
        for batch in range(200):
            chunk = b"".join(ContinuationFrame(1, padding).serialize() for _ in range(100))
            connection.send(chunk)
            sent_bytes += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        refused = True
    except socket.timeout:
        pytest.fail(
            f"the server stopped reading after {sent_bytes} bytes without closing the connection"
        )
    closed, _ = connection.wait_closed(5)
    connection.close()
    assert refused or closed, "the server accepted 20000 CONTINUATION frames on one header block"
    well_behaved()


def test_ping_flood(server, well_behaved):
    connection = RawConnection(server.port)
    try:
        connection.send(
            b"".join(
                PingFrame(0, opaque_data=struct.pack(">Q", index)).serialize()
                for index in range(10_000)
            )
        )
    except (BrokenPipeError, ConnectionResetError):
        pass
    closed, frames = connection.wait_closed(5)
    connection.close()
    assert closed, "the server answered a PING flood without ever closing the connection"
    acknowledgements = [
        frame for frame in frames if isinstance(frame, PingFrame) and "ACK" in frame.flags
    ]
    assert len(acknowledgements) < 10_000
    assert any(frame.error_code == ENHANCE_YOUR_CALM for frame in goaways(frames)), goaways(frames)
    well_behaved()


@pytest.mark.parametrize("how", ["zero-window", "unread-socket"])
def test_reader_that_never_opens_its_window(server, echo, well_behaved, how):
    # 50 streams each asking for 64 MiB of responses, then nothing: either the stream windows
    # stay at 0, or the windows are huge but the socket is never read. The server must hold
    # each stream to its buffer limit and keep serving others.
    if how == "zero-window":
        settings = {SettingsFrame.INITIAL_WINDOW_SIZE: 0}
    else:
        settings = {SettingsFrame.INITIAL_WINDOW_SIZE: 2**31 - 1}
    connection = RawConnection(server.port, settings=settings)
    connection.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    rss_before = rss_bytes(server.process.pid)
    try:
        if how == "unread-socket":
            connection.send(WindowUpdateFrame(0, window_increment=2**31 - 1 - 65_535).serialize())
        message = echo.pb2.EchoRequest(count=1024, response_bytes=64 * 1024).SerializeToString()
        connection.send(
            b"".join(connection.request(2 * index + 1, EXPAND, message) for index in range(50))
        )
        time.sleep(3)
        well_behaved("while a reader stalls 50 streams")
        growth = rss_bytes(server.process.pid) - rss_before
        assert (
            growth < 256 * 1024 * 1024
        ), f"the server grew by {growth >> 20} MiB for a stalled reader"
    finally:
        connection.close()


def test_connections_that_never_send_their_preface(server, pki, well_behaved):
    silent = [rawh2.connect(server.port) for _ in range(50)]
    partial = [rawh2.connect(server.port) for _ in range(10)]
    for sock in partial:
        sock.sendall(rawh2.PREFACE[:10])
    try:
        well_behaved("while 60 connections hold back their preface")
        # Each is closed once the preface timeout has passed.
        deadline = time.monotonic() + PREFACE_TIMEOUT + 5
        still_open = 0
        for sock in silent + partial:
            sock.settimeout(max(deadline - time.monotonic(), 0.1))
            try:
                while sock.recv(4096):
                    pass
            except socket.timeout:
                still_open += 1
            except ConnectionResetError:
                pass
        assert still_open == 0, f"{still_open} connections without a preface were never closed"
    finally:
        for sock in silent + partial:
            sock.close()


def test_header_blocks_that_never_complete(server, well_behaved):
    """HEADERS without END_HEADERS, then silence: the header timeout closes each connection,
    however long the idle timeout."""
    block = hpack.Encoder().encode(rawh2.request_headers(GET))
    stalled = []
    for _ in range(10):
        sock = rawh2.connect(server.port)
        frame = HeadersFrame(1)
        frame.data = block  # no END_HEADERS flag: a CONTINUATION should follow and never does
        sock.sendall(rawh2.PREFACE + SettingsFrame(0).serialize() + frame.serialize())
        stalled.append(sock)
    try:
        well_behaved("while 10 connections hold an open header block")
        deadline = time.monotonic() + HEADER_TIMEOUT + 5
        still_open = 0
        for sock in stalled:
            sock.settimeout(max(deadline - time.monotonic(), 0.1))
            try:
                while sock.recv(4096):
                    pass
            except socket.timeout:
                still_open += 1
            except ConnectionResetError:
                pass
        assert (
            still_open == 0
        ), f"{still_open} connections with an unfinished header block were never closed"
    finally:
        for sock in stalled:
            sock.close()


def test_garbage_instead_of_a_preface(server, well_behaved):
    sock = rawh2.connect(server.port)
    try:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        sock.settimeout(5)
        closed = True
        try:
            while sock.recv(4096):
                pass
        except socket.timeout:
            closed = False
        except ConnectionResetError:
            pass
    finally:
        sock.close()
    assert closed, "a connection that opened with HTTP/1.1 was not closed"
    well_behaved()


def test_tls_connections_that_never_say_hello(pki, log_dir, echo):
    """The preface timeout also covers the TLS handshake: a client that connects and never sends
    its ClientHello is dropped."""
    server = start_swift_server(
        "tls",
        pki,
        log_dir,
        "--preface-timeout",
        str(PREFACE_TIMEOUT),
        label="swift-server-hostile-tls",
    )
    try:
        silent = [rawh2.connect(server.port) for _ in range(20)]
        with harness.make_channel(server, pki) as channel:
            started = time.monotonic()
            assert (
                echo.grpc.EchoStub(channel).Get(echo.pb2.EchoRequest(text="tls"), timeout=2).text
                == "tls"
            )
            assert time.monotonic() - started < 2
        deadline = time.monotonic() + PREFACE_TIMEOUT + 5
        still_open = 0
        for sock in silent:
            sock.settimeout(max(deadline - time.monotonic(), 0.1))
            try:
                while sock.recv(4096):
                    pass
            except socket.timeout:
                still_open += 1
            except ConnectionResetError:
                pass
            sock.close()
        assert still_open == 0, f"{still_open} silent TLS connections were never closed"
    finally:
        server.stop()
