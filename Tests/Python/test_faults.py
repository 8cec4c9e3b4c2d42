"""Nothing committed is lost: while task changes stream in, tandem-notify is killed with SIGKILL
and started again, and then PostgreSQL is stopped and started; every task.created event that
tandem-tasks committed reaches the owner's inbox exactly once.

A tandem-tasks of its own delivers its events to tandem-notify (TANDEM_TASKS_EVENT_SUBSCRIBERS);
the PostgreSQL restart needs TANDEM_TEST_PG_STOP and TANDEM_TEST_PG_START (scripts/test sets
them) and is skipped without them.
"""

import os
import subprocess
import threading
import time
import uuid

import grpc

from conftest import CALL_TIMEOUT, ServerProcess, free_port, service_environment, wait_serving


def test_every_committed_event_reaches_the_inbox_once_through_a_notify_kill_and_a_database_restart(deployment):
    pb = deployment.pb
    tasks = deployment.start_extra("tasks", "tandem-tasks-faults", TANDEM_TASKS_EVENT_SUBSCRIBERS="notify")
    owner = f"fault-{uuid.uuid4().hex[:10]}"
    metadata = (("authorization", f"Bearer {deployment.write_key}"), ("x-tandem-actor", "writer"))
    stub = pb.tasks_grpc.TaskServiceStub(deployment.channel(tasks))
    stop = threading.Event()
    acknowledged = []

    def write():
        # Each task under a request id of its own, retried until it is acknowledged: a retry of
        # one that committed answers the same task, so each is counted once.
        number = 0
        while not stop.is_set():
            number += 1
            request = pb.tasks.CreateTaskRequest(
                task=pb.tasks.Task(title=f"fault {number}", owner=owner), request_id=f"{owner}-{number}"
            )
            while True:
                try:
                    acknowledged.append(stub.CreateTask(request, metadata=metadata, timeout=10).task.id)
                    break
                except grpc.RpcError:
                    time.sleep(0.1)
            time.sleep(0.02)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        time.sleep(2)
        # tandem-notify dies without a chance to say goodbye, then comes back on its address.
        old = deployment.servers["notify"]
        old.process.kill()
        old.process.wait()
        host, port = old.address.rsplit(":", 1)
        env = service_environment(deployment.base_env, "notify", deployment.urls, int(port), free_port())
        time.sleep(1)
        new = ServerProcess("notify", env, os.path.join(deployment.log_dir, "tandem-notify-restarted.log"))
        deployment.servers["notify"] = new
        wait_serving(new, time.monotonic() + 60)
        time.sleep(2)
        # Then the database goes away for two seconds, under the same load.
        stop_command, start_command = os.environ.get("TANDEM_TEST_PG_STOP"), os.environ.get("TANDEM_TEST_PG_START")
        if stop_command and start_command:
            subprocess.run(stop_command, shell=True, check=True)
            time.sleep(2)
            subprocess.run(start_command, shell=True, check=True)
        time.sleep(3)
    finally:
        stop.set()
        writer.join()

    committed = set(acknowledged)
    assert len(committed) == len(acknowledged) and len(committed) > 50, len(acknowledged)
    notify = pb.notify_grpc.NotificationServiceStub(deployment.channel("notify"))

    def inbox():
        seen = []
        token = ""
        while True:
            page = notify.ListNotifications(
                pb.notify.ListNotificationsRequest(user=owner, event_types=["task.created"], page_size=500, page_token=token),
                metadata=metadata,
                timeout=CALL_TIMEOUT,
            )
            seen += [n.subject_id for n in page.notifications]
            token = page.next_page_token
            if not token:
                return seen

    deadline = time.monotonic() + 90
    seen = []
    while time.monotonic() < deadline:
        try:
            seen = inbox()
        except grpc.RpcError:
            seen = []
        if len(seen) >= len(committed):
            break
        time.sleep(0.5)
    tasks.stop()
    assert len(seen) == len(set(seen)), "a notification arrived twice"
    assert set(seen) == committed, f"{len(committed)} committed, {len(set(seen))} in the inbox"
