"""What the interop suites share: a PKI made at test time, server processes, channels."""

import os
import select
import signal
import subprocess
import threading
import time
from dataclasses import dataclass

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODES = ("cleartext", "tls", "mtls")
# Each test channel gets its own connection: grpcio otherwise shares one between channels with
# the same target and arguments, and the hostile suite needs a fresh client each time.
LOCAL_POOL = ("grpc.use_local_subchannel_pool", 1)
CLIENT_COMMON_NAME = "interop-client"


def executable(variable, name):
    """The path in `variable`, or the debug build's; fails when neither exists."""
    path = os.environ.get(variable) or os.path.join(ROOT, ".build", "debug", name)
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"{name} not found: set {variable} (scripts/interop does) or build it")
    return path


def wait_until(predicate, timeout, interval=0.05):
    """Polls `predicate` until it returns a true value or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


# --- PKI -----------------------------------------------------------------------------------


@dataclass
class Pki:
    """A CA, a server certificate for localhost and 127.0.0.1, a client certificate, and a client
    certificate from another CA that the servers must refuse, all made with the openssl CLI."""

    directory: str

    def path(self, name):
        return os.path.join(self.directory, name)

    def read(self, name):
        with open(self.path(name), "rb") as handle:
            return handle.read()

    @property
    def ca(self):
        return self.path("ca.pem")

    @property
    def server_certificate(self):
        return self.path("server.pem")

    @property
    def server_key(self):
        return self.path("server.key")

    @property
    def client_certificate(self):
        return self.path("client.pem")

    @property
    def client_key(self):
        return self.path("client.key")

    @property
    def rogue_client_certificate(self):
        return self.path("rogue-client.pem")

    @property
    def rogue_client_key(self):
        return self.path("rogue-client.key")


def _openssl(*arguments, cwd):
    subprocess.run(["openssl", *arguments], cwd=cwd, check=True, capture_output=True)


def make_pki(directory):
    """Writes the CAs, keys and certificates into `directory`."""

    def make_ca(name, subject):
        _openssl(
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
            "-keyout", f"{name}.key", "-out", f"{name}.pem", "-subj", subject,
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            cwd=directory,
        )  # fmt: skip

    def make_leaf(name, subject, ca, extensions):
        with open(os.path.join(directory, f"{name}.ext"), "w") as handle:
            handle.write(extensions)
        _openssl(
            "req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-keyout", f"{name}.key",
            "-out", f"{name}.csr", "-subj", subject,
            cwd=directory,
        )  # fmt: skip
        _openssl(
            "x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key",
            "-CAcreateserial", "-sha256", "-days", "2", "-out", f"{name}.pem",
            "-extfile", f"{name}.ext",
            cwd=directory,
        )  # fmt: skip

    os.makedirs(directory, exist_ok=True)
    make_ca("ca", "/CN=Tandem Interop Test CA")
    make_ca("rogue-ca", "/CN=Some Other CA")
    make_leaf(
        "server", "/CN=localhost", "ca",
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n",
    )  # fmt: skip
    client_extensions = (
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=clientAuth\n"
    )
    make_leaf("client", f"/CN={CLIENT_COMMON_NAME}", "ca", client_extensions)
    make_leaf("rogue-client", f"/CN={CLIENT_COMMON_NAME}", "rogue-ca", client_extensions)
    return Pki(directory)


def server_tls_arguments(mode, pki):
    """The TLS flags both interop servers take, for a mode."""
    if mode == "cleartext":
        return []
    arguments = ["--tls-certificate", pki.server_certificate, "--tls-key", pki.server_key]
    if mode == "mtls":
        arguments += ["--client-ca", pki.ca, "--require-client-certificate"]
    return arguments


# --- processes -----------------------------------------------------------------------------


class ServerProcess:
    """A server that prints "listening on PORT" on standard output once it serves."""

    def __init__(self, name, argv, log_path, mode="cleartext", env=None, start_timeout=60):
        self.name = name
        self.mode = mode
        self.log_path = log_path
        self._log = open(log_path, "ab")
        self._log.write(f"\n=== {' '.join(argv)}\n".encode())
        self._log.flush()
        self.process = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=self._log, stdin=subprocess.DEVNULL, env=env
        )
        self.port = self._read_port(start_timeout)
        # Whatever else it prints goes to the log, so that a full pipe never blocks it.
        threading.Thread(target=self._drain, daemon=True).start()

    def _read_port(self, timeout):
        deadline = time.monotonic() + timeout
        buffered = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.1)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 4096)
                if not chunk:
                    break
                buffered += chunk
                for line in buffered.decode(errors="replace").splitlines():
                    if line.startswith("listening on "):
                        return int(line.split()[2])
            elif self.process.poll() is not None:
                break
        self.kill()
        raise RuntimeError(
            f"{self.name} did not report its port (exit {self.process.poll()}); "
            f"stdout {buffered!r}; see {self.log_path}"
        )

    def _drain(self):
        for line in self.process.stdout:
            self._log.write(line)
            self._log.flush()

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def alive(self):
        return self.process.poll() is None

    def stop(self, timeout=20):
        """SIGTERM, then the exit status; killed (status None) when it does not stop in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                return None
        return self.process.returncode

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


# --- channels ------------------------------------------------------------------------------


def make_channel(server, pki, client_certificate=True, rogue=False, options=(), compression=None):
    """A grpcio channel to `server` in its mode; over mTLS with the client certificate unless
    told otherwise (or the rogue CA's one)."""
    options = [LOCAL_POOL, *options]
    if server.mode == "cleartext":
        return grpc.insecure_channel(server.address, options=options, compression=compression)
    key = chain = None
    if server.mode == "mtls" and client_certificate:
        prefix = "rogue-client" if rogue else "client"
        key, chain = pki.read(f"{prefix}.key"), pki.read(f"{prefix}.pem")
    credentials = grpc.ssl_channel_credentials(
        root_certificates=pki.read("ca.pem"), private_key=key, certificate_chain=chain
    )
    # The certificate names localhost (DNS) and 127.0.0.1 (IP); checking the DNS name is the
    # common case.
    options.append(("grpc.ssl_target_name_override", "localhost"))
    return grpc.secure_channel(
        server.address, credentials, options=options, compression=compression
    )
