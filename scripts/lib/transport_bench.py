"""The Python half of scripts/bench-transport: checks, measurements and the table.

  transport_bench.py body FILE                 writes the framed bench.EchoMessage that h2load sends
  transport_bench.py verify PORT               a grpcio client: echoes, grpc-status 0, UNIMPLEMENTED
  transport_bench.py hold PORT PID N           RSS of PID while N idle HTTP/2 connections are open
  transport_bench.py latency LOG               p50/p99 of an h2load --log-file, as JSON
  transport_bench.py table DIR                 the markdown table of a run's results folder

Only `verify` needs grpcio (the venv of scripts/test); the rest use the standard library.
"""

import json
import re
import selectors
import socket
import struct
import sys
import time
from pathlib import Path

# --------------------------------------------------------------------------- messages --


def echo_message(payload: bytes) -> bytes:
    """bench.EchoMessage { bytes payload = 1; } in its canonical encoding (no field when empty)."""
    if not payload:
        return b""
    length, varint = len(payload), bytearray()
    while True:
        low, length = length & 0x7F, length >> 7
        varint.append(low | (0x80 if length else 0))
        if not length:
            break
    return b"\x0a" + bytes(varint) + payload


def write_body(path: str) -> None:
    """00 | 00000020 | 0a 1e + 30 bytes: one uncompressed gRPC message of 32 bytes."""
    message = echo_message(bytes(range(30)))
    assert len(message) == 32
    Path(path).write_bytes(b"\x00" + struct.pack(">I", len(message)) + message)


def verify(port: int) -> int:
    import grpc  # only this subcommand needs it

    payloads = [bytes(range(30)), b"", b"echo \x00\xff" * 200]
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        echo = channel.unary_unary("/bench.Echo/Echo")
        for payload in payloads:
            request = echo_message(payload)
            response, call = echo.with_call(request, timeout=10)
            if call.code() != grpc.StatusCode.OK:
                print(f"FAIL: status {call.code()} for a {len(payload)}-byte payload")
                return 1
            if response != request:
                print(f"FAIL: a {len(payload)}-byte payload came back as {response!r:.60}")
                return 1
        try:
            channel.unary_unary("/bench.Echo/Missing")(b"", timeout=10)
            print("FAIL: an unknown method succeeded")
            return 1
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.UNIMPLEMENTED:
                print(f"FAIL: an unknown method answered {error.code()}, not UNIMPLEMENTED")
                return 1
    print(f"OK: {len(payloads)} payloads (0 to {max(map(len, payloads))} bytes) echoed with status OK; "
          "unknown method -> UNIMPLEMENTED")
    return 0


# ---------------------------------------------------------------- idle connections --

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def frame(kind: int, flags: int, payload: bytes = b"") -> bytes:
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", 0) + payload


SETTINGS, SETTINGS_ACK = frame(4, 0), frame(4, 1)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


class IdleConnection:
    """One cleartext HTTP/2 connection that only answers SETTINGS and PING after its preface."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.sendall(PREFACE + SETTINGS)
        self.sock.setblocking(False)
        self.pending = b""
        self.settled = False  # the server's SETTINGS arrived
        self.closed = False

    def on_readable(self) -> None:
        try:
            data = self.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self.closed = True
            return
        self.pending += data
        replies = b""
        while len(self.pending) >= 9:
            length = int.from_bytes(self.pending[:3], "big")
            if len(self.pending) < 9 + length:
                break
            kind, flags = self.pending[3], self.pending[4]
            payload, self.pending = self.pending[9:9 + length], self.pending[9 + length:]
            if kind == 4 and not flags & 1:
                self.settled = True
                replies += SETTINGS_ACK
            elif kind == 6 and not flags & 1:
                replies += frame(6, 1, payload)
        if replies:
            try:
                self.sock.sendall(replies)
            except OSError:
                self.closed = True


def hold(port: int, pid: int, count: int, settle: float = 2.0, limit: float = 30.0) -> int:
    """Opens `count` connections, waits until each has its SETTINGS (bounded by `limit` seconds),
    lets the server settle, reads its RSS, closes them all, and prints one JSON line."""
    before = rss_kb(pid)
    selector = selectors.DefaultSelector()
    connections = []
    started = time.monotonic()

    def pump(until: float, done=lambda: False) -> None:
        while time.monotonic() < until and not done():
            for key, _ in selector.select(timeout=0.05):
                connection = key.data
                connection.on_readable()
                if connection.closed:
                    selector.unregister(connection.sock)

    try:
        for index in range(count):
            connection = IdleConnection(port)
            connections.append(connection)
            selector.register(connection.sock, selectors.EVENT_READ, connection)
            if index % 50 == 49:
                pump(time.monotonic() + 0.01)
        pump(started + limit, lambda: all(c.settled or c.closed for c in connections))
        pump(time.monotonic() + settle)
        holding = rss_kb(pid)
        result = {
            "opened": len(connections),
            "handshaken": sum(c.settled for c in connections),
            "alive": sum(not c.closed for c in connections),
            "rss_kb_before": before,
            "rss_kb_holding": holding,
            "seconds": round(time.monotonic() - started, 2),
        }
    finally:
        for connection in connections:
            connection.sock.close()
    print(json.dumps(result), flush=True)
    return 0


# ------------------------------------------------------------------------ latency --


def percentile(sorted_values, fraction: float) -> float:
    """Nearest-rank percentile."""
    rank = max(1, int(-(-fraction * len(sorted_values) // 1)))
    return sorted_values[rank - 1]


def latency(log: str) -> int:
    durations, failed = [], 0
    with open(log) as lines:
        for line in lines:
            columns = line.split("\t")
            if len(columns) < 3:
                continue
            if not columns[1].startswith("2"):
                failed += 1
            durations.append(int(columns[2]))
    durations.sort()
    print(json.dumps({
        "requests": len(durations),
        "non_2xx": failed,
        "p50_us": percentile(durations, 0.50),
        "p90_us": percentile(durations, 0.90),
        "p99_us": percentile(durations, 0.99),
        "max_us": durations[-1],
    }))
    return 0


# -------------------------------------------------------------------------- table --


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def read_rounds(folder: Path, server: str):
    rounds = []
    for path in sorted(folder.glob(f"round-*-{server}.txt")):
        text = path.read_text()
        found = re.search(r"finished in [\d.]+\w+, ([\d.]+) req/s", text)
        done = re.search(r"requests: (\d+) total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed", text)
        ticks = re.search(r"server_cpu_ticks: (\d+)", text)
        hz = re.search(r"clock_ticks_per_second: (\d+)", text)
        latency_path = path.with_suffix(".latency.json")
        if not (found and done and ticks and hz and latency_path.exists()):
            raise SystemExit(f"{path}: incomplete round (see the file)")
        lat = json.loads(latency_path.read_text())
        requests = int(done.group(1))
        rounds.append({
            "rps": float(found.group(1)),
            "requests": requests,
            "succeeded": int(done.group(2)),
            "failed": int(done.group(3)),
            "cpu_us_per_request": int(ticks.group(1)) * 1e6 / int(hz.group(1)) / requests,
            **lat,
        })
    return rounds


def mib(kb) -> str:
    return f"{kb / 1024:.1f}"


def table(folder: str) -> int:
    folder = Path(folder)
    servers = json.loads((folder / "servers.json").read_text())  # [[key, label], ...]
    rows = {}
    for key, label in servers:
        rounds = read_rounds(folder, key)
        if not rounds:
            continue
        row = {"label": label, "rounds": rounds}
        row["rps"] = median([r["rps"] for r in rounds])
        row["p50"] = median([r["p50_us"] for r in rounds]) / 1000
        row["p99"] = median([r["p99_us"] for r in rounds]) / 1000
        row["cpu"] = median([r["cpu_us_per_request"] for r in rounds])
        row["failed"] = sum(r["failed"] + r["non_2xx"] for r in rounds)
        idle = folder / f"idle-rss-{key}.txt"
        row["idle"] = int(idle.read_text()) if idle.exists() else None
        held = folder / f"hold-{key}.json"
        row["hold"] = json.loads(held.read_text()) if held.exists() else None
        allocations = folder / f"allocations-{key}.json"
        row["allocations"] = json.loads(allocations.read_text()) if allocations.exists() else None
        rows[key] = row

    baseline = rows.get("grpc-swift-2", {}).get("rps")
    ceiling = rows.get("nghttpd", {}).get("rps")
    opened = max((row["hold"]["opened"] for row in rows.values() if row["hold"]), default=0)
    header = ["server", "req/s (median)", "rounds req/s", "x grpc-swift-2", "x nghttpd", "p50 ms", "p99 ms",
              "server CPU us/req", "allocs/call", "idle RSS MiB", f"RSS, {opened:,} idle conns MiB"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
    for key, row in rows.items():
        held = row["hold"]
        if held:
            holding = mib(held["rss_kb_holding"])
            if held["alive"] != held["opened"]:
                holding += f" ({held['alive']}/{held['opened']} open)"
        else:
            holding = "-"
        allocations = row["allocations"]
        cells = [
            row["label"],
            f"{row['rps']:,.0f}",
            " / ".join(f"{r['rps']:,.0f}" for r in row["rounds"]),
            f"{row['rps'] / baseline:.2f}" if baseline else "-",
            f"{row['rps'] / ceiling:.3f}" if ceiling else "-",
            f"{row['p50']:.2f}",
            f"{row['p99']:.2f}",
            f"{row['cpu']:.1f}",
            f"{allocations['per_call']:.1f}" if allocations else "-",
            mib(row["idle"]) if row["idle"] else "-",
            holding,
        ]
        print("| " + " | ".join(cells) + " |")
    print()
    failures = {row["label"]: row["failed"] for row in rows.values() if row["failed"]}
    print("Every request of every round succeeded (2xx)." if not failures
          else f"FAILED requests: {failures}")
    for key, row in rows.items():
        if row["allocations"]:
            a = row["allocations"]
            print(f"{row['label']}: {a['allocations']:,} allocations over {a['calls']:,} calls "
                  f"(h2load -n {a['calls']} -c {a['connections']} -m {a['streams']}, connection set-up included).")

    tandem = rows.get("tandem")
    if tandem:
        print()
        print("Targets:")
        if baseline:
            speed = tandem["rps"] / baseline
            base_p99 = rows["grpc-swift-2"]["p99"]
            print(f"- at least 1.2x grpc-swift-2's requests per second: "
                  f"{'met' if speed >= 1.2 else 'NOT met'} ({speed:.2f}x: {tandem['rps']:,.0f} against {baseline:,.0f}).")
            print(f"- p99 latency no worse than grpc-swift-2's: "
                  f"{'met' if tandem['p99'] <= base_p99 else 'NOT met'} ({tandem['p99']:.2f} ms against {base_p99:.2f} ms).")
        else:
            print("- grpc-swift-2 targets: not measured (grpc-swift-2 did not run).")
        if ceiling:
            share = tandem["rps"] / ceiling
            print(f"- at least half of nghttpd's rate: {'met' if share >= 0.5 else 'NOT met'} "
                  f"({share:.3f} of nghttpd: {tandem['rps']:,.0f} against {ceiling:,.0f}).")
    return 0


def main(argv) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    command, arguments = argv[1], argv[2:]
    if command == "body":
        write_body(arguments[0])
        return 0
    if command == "verify":
        return verify(int(arguments[0]))
    if command == "hold":
        return hold(int(arguments[0]), int(arguments[1]), int(arguments[2]))
    if command == "latency":
        return latency(arguments[0])
    if command == "table":
        return table(arguments[0])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
