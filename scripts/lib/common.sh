# shellcheck shell=bash
# Helpers shared by scripts/run and scripts/test. Source it; it defines functions only.

# The repository root (this file is scripts/lib/common.sh).
TANDEM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export TANDEM_ROOT

# The Debian packages the build, the tests and the private PostgreSQL need.
# shellcheck disable=SC2034 # used by the scripts that source this file
TANDEM_PACKAGES=(
  libnghttp2-dev    # HTTP/2 (CNGHTTP2)
  nghttp2-client    # h2load and nghttp, to test the transport
  libpq-dev         # PostgreSQL client library (CPostgres)
  libssl-dev        # TLS (COpenSSL)
  zlib1g-dev        # gzip message compression (CZlib)
  libgoogle-perftools-dev # tcmalloc (libtcmalloc_minimal), the allocator the services link
  binutils          # readelf: the API suite checks that the services need tcmalloc ahead of libc
  openssl           # makes the test CA and certificates for the TLS tests
  systemd           # systemd-analyze: scripts/check-deploy verifies deploy/systemd's units
  postgresql        # the private server of scripts/run and scripts/test (version 15 on Debian 12)
  protobuf-compiler # protoc: checks proto/ and compiles it for the interop clients
  libprotobuf-dev   # google/protobuf/*.proto includes
  python3-venv      # the test venv
  python3-dev
  pkg-config        # finds the C libraries for SwiftPM
  libclang-rt-14-dev # libFuzzer and sanitizer runtimes
)

log() {
  printf '%s\n' "$*" >&2
}

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Runs its arguments as root: directly when root, through sudo otherwise.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root to run: $* (sudo is not installed)"
  fi
}

# Installs whichever of the given Debian packages are missing, with one apt-get update, as root
# (through sudo when not root). Quiet unless something fails.
ensure_packages() {
  local missing=() package status
  for package in "$@"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)"
    if [[ "$status" != "installed" ]]; then
      missing+=("$package")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi
  log "installing Debian packages: ${missing[*]}"
  local output
  if ! output="$(as_root apt-get update -qq 2>&1)"; then
    printf '%s\n' "$output" >&2
    die "apt-get update failed"
  fi
  if ! output="$(as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" 2>&1)"; then
    printf '%s\n' "$output" >&2
    die "apt-get install failed for: ${missing[*]}"
  fi
}

# Prints a free TCP port on 127.0.0.1.
free_port() {
  python3 - <<'PY'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
PY
}

# Builds every product with SwiftPM: TANDEM_BUILD_CONFIGURATION is debug (default) or release.
swift_build() {
  local configuration="${TANDEM_BUILD_CONFIGURATION:-debug}"
  case "$configuration" in
    debug | release) ;;
    *) die "TANDEM_BUILD_CONFIGURATION must be debug or release, not '$configuration'" ;;
  esac
  (cd "$TANDEM_ROOT" && swift build -c "$configuration")
}

# Prints the folder of the built executables for TANDEM_BUILD_CONFIGURATION.
swift_bin_path() {
  (cd "$TANDEM_ROOT" && swift build -c "${TANDEM_BUILD_CONFIGURATION:-debug}" --show-bin-path)
}

# ensure_test_venv: the Python test tools (scripts/requirements-test.txt) in .tandem/venv, made
# when missing and refreshed when the requirements change. Sets TEST_VENV to its path.
ensure_test_venv() {
  local requirements=scripts/requirements-test.txt stamp
  TEST_VENV="$TANDEM_ROOT/.tandem/venv"
  mkdir -p "$TANDEM_ROOT/.tandem/logs"
  if ! "$TEST_VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
    rm -rf "$TEST_VENV"
    python3 -m venv "$TEST_VENV"
  fi
  stamp="$(sha256sum "$TANDEM_ROOT/$requirements" | cut -d' ' -f1)"
  if [[ "$(cat "$TEST_VENV/.requirements.sha256" 2>/dev/null || true)" != "$stamp" ]]; then
    log "installing the Python test tools into $TEST_VENV..."
    if ! "$TEST_VENV/bin/pip" install -q --disable-pip-version-check -r "$TANDEM_ROOT/$requirements" \
      >"$TANDEM_ROOT/.tandem/logs/pip.log" 2>&1; then
      cat "$TANDEM_ROOT/.tandem/logs/pip.log" >&2
      die "pip install -r $requirements failed"
    fi
    printf '%s\n' "$stamp" >"$TEST_VENV/.requirements.sha256"
  fi
}

# wait_for_swift_builds: a benchmark's build waits while another swift build runs, since the two
# cores are shared and builds compete for them.
wait_for_swift_builds() {
  while pgrep -f swift-build >/dev/null; do
    log "another swift build is running; waiting"
    sleep 15
  done
}

# wait_for_listening FILE PID [SECONDS]: waits up to SECONDS (default 60) for a server started in
# the background to print its "listening on ..." line into FILE; dies when it exits first or never
# does.
wait_for_listening() {
  local file=$1 pid=$2 seconds=${3:-60}
  for _ in $(seq 1 $((seconds * 5))); do
    grep -q '^listening on' "$file" && return 0
    kill -0 "$pid" 2>/dev/null || die "the server exited: $(cat "$file")"
    sleep 0.2
  done
  die "the server did not start listening within $seconds s (see $file)"
}

# h2load_grpc BODY URL KEY [H2LOAD OPTION ...]: h2load sending the framed gRPC request in BODY to
# URL with the API key KEY, with h2load's own options (-c, -m, -D, --log-file, ...).
h2load_grpc() {
  local body=$1 url=$2 key=$3
  shift 3
  h2load "$@" -d "$body" -H 'te: trailers' -H 'content-type: application/grpc' -H "authorization: Bearer $key" "$url"
}

# cpu_ticks PID: the process's user and system time so far, all threads, in clock ticks
# (getconf CLK_TCK). Fields counted after the command name, which may hold spaces.
cpu_ticks() {
  sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

# check_grpc_ok BODY URL [HEADER ...]: one POST of a framed gRPC request with nghttp, which must
# end with grpc-status 0 (h2load counts any HTTP 200 as a success, so this comes first).
check_grpc_ok() {
  local body=$1 url=$2 header out
  shift 2
  local args=(-v -H 'te: trailers' -H 'content-type: application/grpc' -d "$body")
  for header in "$@"; do args+=(-H "$header"); done
  out="$(nghttp "${args[@]}" "$url" 2>&1 || true)"
  grep -aq 'grpc-status: 0' <<<"$out" || die "no grpc-status 0 from $url: $(tail -5 <<<"$out")"
}
