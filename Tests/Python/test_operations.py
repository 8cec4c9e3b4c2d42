"""What an operator watches: each server's Prometheus metrics move with the work it does, and one
request's W3C trace id shows up in the logs of all three services. And what the processes run on:
each allocates through tcmalloc, as Package.swift links it.

A tandem-tasks of its own relays its events to tandem-projects and tandem-notify
(TANDEM_TASKS_EVENT_SUBSCRIBERS), so a task made through it is seen by all three.
"""

import re
import subprocess
import urllib.request
import uuid

import grpc
import pytest

from conftest import CALL_TIMEOUT, executable, scrape, value, wait_until


@pytest.fixture(scope="module")
def relaying_tasks(deployment):
    server = deployment.start_extra(
        "tasks", "tandem-tasks-operations", TANDEM_TASKS_EVENT_SUBSCRIBERS="projects,notify"
    )
    yield server
    assert server.stop() == 0


def test_each_service_allocates_through_tcmalloc(deployment):
    """Package.swift links libtcmalloc_minimal into the three services ahead of libc: it is mapped
    into each running process, and it comes before libc.so.6 in the executable's needed libraries,
    so its malloc and free are the ones every library in the process calls."""
    for service, server in deployment.servers.items():
        with open(f"/proc/{server.process.pid}/maps") as maps:
            mapped = [line for line in maps if "libtcmalloc_minimal" in line]
        assert mapped, f"tandem-{service} (pid {server.process.pid}) has no libtcmalloc_minimal mapped"

        dynamic = subprocess.run(
            ["readelf", "-d", executable(service)], capture_output=True, text=True, check=True
        ).stdout
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)
        tcmalloc = [index for index, name in enumerate(needed) if name.startswith("libtcmalloc_minimal")]
        assert tcmalloc and "libc.so.6" in needed and tcmalloc[0] < needed.index("libc.so.6"), (
            f"tandem-{service} does not need libtcmalloc_minimal ahead of libc.so.6: {needed}"
        )


def test_metrics_move_with_the_work(deployment, relaying_tasks):
    pb = deployment.pb
    notify = deployment.servers["notify"]
    projects = deployment.servers["projects"]
    before = {name: scrape(server) for name, server in
              (("tasks", relaying_tasks), ("projects", projects), ("notify", notify))}
    for name, samples in before.items():
        assert value(samples, "tandem_grpc_active_calls") is not None, name
        assert value(samples, "tandem_db_pool_connections", state="open") is not None, name
    # tandem-projects counts the directory's tenants every 15 s.
    wait_until(lambda: (value(scrape(projects), "tandem_tenants", state="active") or 0) >= 1,
               "tandem_tenants to count the suite's tenant", timeout=40)

    owner = f"ops-{uuid.uuid4().hex[:8]}"
    metadata = (("authorization", f"Bearer {deployment.write_key}"), ("x-tandem-actor", owner))
    # A live subscription shows in the gauge while it is open.
    inbox = pb.notify_grpc.NotificationServiceStub(deployment.channel("notify"))
    stream = inbox.Subscribe(pb.notify.SubscribeRequest(user=owner), metadata=metadata, timeout=60)
    wait_until(lambda: (value(scrape(notify), "tandem_notify_subscriptions") or 0)
             > (value(before["notify"], "tandem_notify_subscriptions") or 0), "the subscription gauge to rise")
    tasks = pb.tasks_grpc.TaskServiceStub(deployment.channel(relaying_tasks))
    for number in range(5):
        tasks.CreateTask(pb.tasks.CreateTaskRequest(task=pb.tasks.Task(title=f"ops {number}", owner=owner)),
                         metadata=metadata, timeout=CALL_TIMEOUT)
    bad = grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.RpcError) as refused:
        tasks.CreateTask(pb.tasks.CreateTaskRequest(task=pb.tasks.Task(title="")), metadata=metadata, timeout=CALL_TIMEOUT)
    assert refused.value.code() == bad

    first = next(stream)
    assert first.notification.user == owner
    stream.cancel()

    create = "/tandem.tasks.v1.TaskService/CreateTask"
    def delivered(samples, subscriber):
        return value(samples, "tandem_relay_deliveries_total", subscriber=subscriber, result="delivered") or 0

    def relayed():
        samples = scrape(relaying_tasks)
        done = all(delivered(samples, name) - delivered(before["tasks"], name) >= 5 for name in ("projects", "notify"))
        return samples if done else None

    after_tasks = wait_until(relayed, "the relay's deliveries to projects and notify")
    grew = lambda name, **labels: (value(after_tasks, name, **labels) or 0) - (value(before["tasks"], name, **labels) or 0)
    assert grew("tandem_grpc_requests_total", method=create, code="OK") == 5
    assert grew("tandem_grpc_requests_total", method=create, code="INVALID_ARGUMENT") == 1
    assert grew("tandem_grpc_request_duration_seconds_count", method=create) == 6
    assert grew("tandem_db_pool_wait_seconds_count") > 0
    assert grew("tandem_relay_lag_seconds_count", subscriber="projects") >= 5
    assert grew("tandem_relay_lag_seconds_count", subscriber="notify") >= 5
    assert value(after_tasks, "tandem_outbox_backlog") is not None

    after_notify = scrape(notify)
    publish = "/tandem.notify.v1.NotificationService/Publish"
    assert (value(after_notify, "tandem_grpc_requests_total", method=publish, code="OK") or 0) > (
        value(before["notify"], "tandem_grpc_requests_total", method=publish, code="OK") or 0)
    # The subscription was closed again.
    wait_until(lambda: value(scrape(notify), "tandem_notify_subscriptions") == value(before["notify"], "tandem_notify_subscriptions"),
             "the subscription gauge to drop back")

    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"http://{notify.metrics_address}/nothing", timeout=10)
    assert missing.value.code == 404


def test_one_trace_id_is_in_the_logs_of_all_three_services(deployment, relaying_tasks):
    pb = deployment.pb
    trace_id = uuid.uuid4().hex
    traceparent = f"00-{trace_id}-{uuid.uuid4().hex[:16]}-01"
    owner = f"trace-{uuid.uuid4().hex[:8]}"
    metadata = (
        ("authorization", f"Bearer {deployment.write_key}"), ("x-tandem-actor", owner),
        ("traceparent", traceparent), ("x-request-id", f"req-{trace_id[:12]}"),
    )
    tasks = pb.tasks_grpc.TaskServiceStub(deployment.channel(relaying_tasks))
    response, call = tasks.CreateTask.with_call(
        pb.tasks.CreateTaskRequest(task=pb.tasks.Task(title="traced", owner=owner)), metadata=metadata, timeout=CALL_TIMEOUT
    )
    assert dict(call.initial_metadata()).get("x-request-id") == f"req-{trace_id[:12]}"

    logs = {
        "tasks": relaying_tasks.log_path,
        "projects": deployment.servers["projects"].log_path,
        "notify": deployment.servers["notify"].log_path,
    }

    def lines(service):
        with open(logs[service], errors="replace") as handle:
            return [line for line in handle if trace_id in line]

    wait_until(lambda: all(lines(service) for service in logs), "the trace id in all three logs")
    assert any("CreateTask" in line and f"req-{trace_id[:12]}" in line for line in lines("tasks"))
    assert any("event received" in line and "task.created" in line for line in lines("projects"))
    assert any("event received" in line and "task.created" in line for line in lines("notify"))
    # Never a credential in a log line.
    for service in logs:
        with open(logs[service], errors="replace") as handle:
            text = handle.read()
        assert deployment.write_key not in text and deployment.admin_token not in text, service
