"""A minimal HTTP/2 gRPC client on a raw socket, built from `h2`, for what grpcio hides (the
compression flag of a response message) and for the hostile-peer suite, which also writes frames
of its own with `hyperframe`."""

import gzip
import socket
import ssl
import struct
import time

import h2.config
import h2.connection
import h2.events

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def grpc_frame(message, compressed=False):
    """One length-prefixed gRPC message; gzip-compressed when asked."""
    if compressed:
        message = gzip.compress(message)
    return struct.pack(">BI", 1 if compressed else 0, len(message)) + message


def parse_grpc_frames(body):
    """(compressed, message) for each length-prefixed message of a response body, decompressed."""
    frames = []
    offset = 0
    while offset + 5 <= len(body):
        flag, length = struct.unpack(">BI", body[offset : offset + 5])
        message = body[offset + 5 : offset + 5 + length]
        offset += 5 + length
        frames.append((bool(flag), gzip.decompress(message) if flag else message))
    return frames


def request_headers(path, authority="localhost", scheme="http", extra=()):
    return [
        (":method", "POST"),
        (":scheme", scheme),
        (":path", path),
        (":authority", authority),
        ("content-type", "application/grpc"),
        ("te", "trailers"),
        *extra,
    ]


def connect(port, tls=None, timeout=5):
    """A TCP socket to 127.0.0.1:port; with an ssl.SSLContext, wrapped in TLS (ALPN h2)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if tls is not None:
        sock = tls.wrap_socket(sock, server_hostname="localhost")
        assert sock.selected_alpn_protocol() == "h2", sock.selected_alpn_protocol()
    return sock


def tls_context(ca, certificate=None, key=None):
    context = ssl.create_default_context(cafile=ca)
    context.set_alpn_protocols(["h2"])
    if certificate:
        context.load_cert_chain(certificate, key)
    return context


class Response:
    def __init__(self):
        self.headers = None
        self.body = b""
        self.trailers = None
        self.reset = None
        self.ended = False

    def header(self, name):
        for source in (self.trailers or [], self.headers or []):
            for key, value in source:
                if key == name:
                    return value
        return None


class Client:
    """An h2 client connection; `call` sends one request and waits for the whole response."""

    def __init__(self, sock, scheme="http"):
        self.sock = sock
        self.scheme = scheme
        self.conn = h2.connection.H2Connection(
            config=h2.config.H2Configuration(client_side=True, header_encoding="utf-8")
        )
        self.conn.initiate_connection()
        self.sock.sendall(self.conn.data_to_send())
        self.terminated = None

    def call(self, path, body, extra_headers=(), timeout=5):
        stream_id = self.conn.get_next_available_stream_id()
        self.conn.send_headers(
            stream_id, request_headers(path, scheme=self.scheme, extra=extra_headers)
        )
        self.conn.send_data(stream_id, body, end_stream=True)
        self.sock.sendall(self.conn.data_to_send())
        response = Response()
        deadline = time.monotonic() + timeout
        while not response.ended and self.terminated is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no complete response on stream {stream_id}")
            self.sock.settimeout(max(deadline - time.monotonic(), 0.01))
            data = self.sock.recv(65536)
            if not data:
                break
            for event in self.conn.receive_data(data):
                self._handle(event, stream_id, response)
            pending = self.conn.data_to_send()
            if pending:
                self.sock.sendall(pending)
        return response

    def _handle(self, event, stream_id, response):
        if isinstance(event, h2.events.ConnectionTerminated):
            self.terminated = event
        if getattr(event, "stream_id", None) != stream_id:
            return
        if isinstance(event, h2.events.ResponseReceived):
            response.headers = event.headers
        elif isinstance(event, h2.events.DataReceived):
            response.body += event.data
            self.conn.acknowledge_received_data(event.flow_controlled_length, stream_id)
        elif isinstance(event, h2.events.TrailersReceived):
            response.trailers = event.headers
        elif isinstance(event, h2.events.StreamEnded):
            response.ended = True
        elif isinstance(event, h2.events.StreamReset):
            response.reset = event.error_code
            response.ended = True

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
