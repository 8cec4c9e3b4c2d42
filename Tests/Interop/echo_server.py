#!/usr/bin/env python3
"""The Python grpcio server of the interop suite: tandem.testing.v1.Echo with the behaviour
echo.proto describes, in cleartext, TLS or mutual TLS. tandem-interop-client is run against it.

usage: echo_server.py [--host H] [--port P] [--tls-certificate PEM --tls-key PEM]
                      [--client-ca PEM [--require-client-certificate]] [--generated DIR]

Prints "listening on PORT" once it serves, and stops on SIGTERM or SIGINT.
"""

import argparse
import signal
import sys
import tempfile
import threading
from concurrent import futures

import grpc

import echo_proto

ECHO_PREFIX = "x-echo-"
TRAILER_PREFIX = "x-trailer-"


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.cancelled = 0
        self.waiting = 0


def make_servicer(pb2, pb2_grpc):
    codes = {code.value[0]: code for code in grpc.StatusCode}

    class EchoServicer(pb2_grpc.EchoServicer):
        def __init__(self):
            self.counters = Counters()

        # --- helpers -----------------------------------------------------------------------

        @staticmethod
        def _terminated_event(context):
            """An event set when the call ends, however it ends."""
            event = threading.Event()
            context.add_callback(event.set)
            return event

        def _echo_metadata(self, context):
            echoed = [
                (key, value)
                for key, value in context.invocation_metadata()
                if key.startswith(ECHO_PREFIX)
            ]
            metadata = dict(context.invocation_metadata())
            if metadata.get("x-response-compression") == "gzip":
                context.set_compression(grpc.Compression.Gzip)
            context.send_initial_metadata(echoed)
            trailers = [(TRAILER_PREFIX + key, value) for key, value in echoed]
            trailers.append(("x-peer", context.peer()))
            names = context.auth_context().get("x509_common_name")
            if names:
                trailers.append(("x-peer-identity", names[0].decode()))
            context.set_trailing_metadata(trailers)

        def _prepare(self, request, context, ended):
            """The request's delay (cut short when the call ends), then its failure if any."""
            if request.delay_ms > 0 and ended.wait(request.delay_ms / 1000):
                context.abort(grpc.StatusCode.CANCELLED, "cancelled")
            if request.fail_code != 0:
                code = codes.get(request.fail_code, grpc.StatusCode.UNKNOWN)
                context.abort(code, request.fail_message)

        def _expect_cancel(self, context):
            """Counts the call as waiting now, and as cancelled when it ends. Done before a
            streaming handler yields its response: grpcio may never resume a generator whose
            call the client has cancelled meanwhile."""
            with self.counters.lock:
                self.counters.waiting += 1

            def ended():
                with self.counters.lock:
                    self.counters.waiting -= 1
                    self.counters.cancelled += 1

            if not context.add_callback(ended):
                ended()  # the call has already ended

        def _wait_for_cancel(self, context, ended):
            ended.wait()
            context.abort(grpc.StatusCode.CANCELLED, "cancelled")

        @staticmethod
        def _response(request, index):
            payload = (
                b"x" * request.response_bytes if request.response_bytes > 0 else request.payload
            )
            return pb2.EchoResponse(text=request.text, payload=payload, index=index)

        # --- methods -----------------------------------------------------------------------

        def Get(self, request, context):
            ended = self._terminated_event(context)
            self._echo_metadata(context)
            self._prepare(request, context, ended)
            if request.wait_for_cancel:
                self._expect_cancel(context)
                self._wait_for_cancel(context, ended)
            return self._response(request, 0)

        def Expand(self, request, context):
            ended = self._terminated_event(context)
            self._echo_metadata(context)
            self._prepare(request, context, ended)
            for index in range(max(request.count, 0)):
                if index > 0 and request.delay_ms > 0 and ended.wait(request.delay_ms / 1000):
                    return
                if request.wait_for_cancel:
                    self._expect_cancel(context)
                yield self._response(request, index)
                if request.wait_for_cancel:
                    self._wait_for_cancel(context, ended)

        def Collect(self, request_iterator, context):
            ended = self._terminated_event(context)
            self._echo_metadata(context)
            texts = []
            for request in request_iterator:
                self._prepare(request, context, ended)
                if request.wait_for_cancel:
                    self._expect_cancel(context)
                    self._wait_for_cancel(context, ended)
                texts.append(request.text)
            return pb2.EchoResponse(text="".join(texts), index=len(texts))

        def Update(self, request_iterator, context):
            ended = self._terminated_event(context)
            self._echo_metadata(context)
            for index, request in enumerate(request_iterator):
                self._prepare(request, context, ended)
                if request.wait_for_cancel:
                    self._expect_cancel(context)
                yield self._response(request, index)
                if request.wait_for_cancel:
                    self._wait_for_cancel(context, ended)

        def Stats(self, request, context):
            self._echo_metadata(context)
            with self.counters.lock:
                return pb2.StatsResponse(
                    cancelled_calls=self.counters.cancelled, waiting_calls=self.counters.waiting
                )

    return EchoServicer()


def read(path):
    with open(path, "rb") as handle:
        return handle.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-certificate")
    parser.add_argument("--tls-key")
    parser.add_argument("--client-ca")
    parser.add_argument("--require-client-certificate", action="store_true")
    parser.add_argument(
        "--generated", help="directory of the compiled echo.proto (default: compile)"
    )
    args = parser.parse_args()
    if (args.tls_certificate is None) != (args.tls_key is None):
        parser.error("--tls-certificate and --tls-key go together")
    if args.require_client_certificate and not args.client_ca:
        parser.error("--require-client-certificate needs --client-ca")

    generated = args.generated
    if generated is None:
        generated = tempfile.mkdtemp(prefix="echo-proto-")
        echo_proto.compile_echo(generated)
    pb2, pb2_grpc = echo_proto.load(generated)

    # Enough threads for the 200-concurrent-calls scenario and the calls waiting to be cancelled.
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=300),
        options=[("grpc.max_concurrent_streams", 1000)],
        maximum_concurrent_rpcs=None,
    )
    pb2_grpc.add_EchoServicer_to_server(make_servicer(pb2, pb2_grpc), server)
    address = f"{args.host}:{args.port}"
    if args.tls_certificate:
        credentials = grpc.ssl_server_credentials(
            [(read(args.tls_key), read(args.tls_certificate))],
            root_certificates=read(args.client_ca) if args.client_ca else None,
            require_client_auth=args.require_client_certificate,
        )
        port = server.add_secure_port(address, credentials)
    else:
        port = server.add_insecure_port(address)
    if port == 0:
        sys.exit(f"cannot listen on {address}")
    server.start()
    print(f"listening on {port}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(3600):
        pass
    server.stop(grace=2).wait()


if __name__ == "__main__":
    main()
