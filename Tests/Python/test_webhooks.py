"""Webhooks end to end: NotificationService's webhook RPCs through grpcio, and deliveries to
receivers in this process that check every signature.

The suite's tandem-notify runs with TANDEM_WEBHOOK_ALLOW=loopback (the receivers listen on
127.0.0.1), TANDEM_WEBHOOK_RETRY_BASE_MS=200 and TANDEM_WEBHOOK_MAX_ATTEMPTS=5 (conftest.py), so
retries come within seconds instead of minutes.
"""

import hashlib
import hmac
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
import pytest
from google.protobuf import json_format

from conftest import CALL_TIMEOUT, expect_error, free_port, scrape, value, wait_until

class Receiver:
    """An HTTP receiver on 127.0.0.1. `answers` is the list of statuses to give, in order (the last
    one repeats). Every request's signature is checked against `secret` (set once the webhook
    exists); a request with a bad signature is recorded in `bad` and answered 400."""

    def __init__(self, answers=(200,), port=None):
        self.answers = list(answers)
        self.secret = None
        self.requests = []
        self.bad = []
        self.lock = threading.Lock()
        self.port = port or free_port()
        self.server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hooks/in"

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    reason = receiver.check(self.headers, body)
                    if reason:
                        receiver.bad.append(reason)
                        status = 400
                    else:
                        receiver.requests.append((dict(self.headers), body))
                        index = len(receiver.requests) - 1
                        status = receiver.answers[min(index, len(receiver.answers) - 1)]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def check(self, headers, body):
        """Why the request is not a genuine Tandem delivery, or None."""
        signature = headers.get("Tandem-Signature", "")
        parts = dict(part.split("=", 1) for part in signature.split(",") if "=" in part)
        if "t" not in parts or "v1" not in parts:
            return f"malformed Tandem-Signature {signature!r}"
        if abs(time.time() - int(parts["t"])) > 300:
            return f"timestamp {parts['t']} is not current"
        expected = hmac.new(self.secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, parts["v1"]):
            return "signature does not verify"
        document = json.loads(body)
        if document.get("id") != headers.get("Tandem-Event-Id"):
            return "Tandem-Event-Id is not the body's id"
        if document.get("type") != headers.get("Tandem-Event-Type"):
            return "Tandem-Event-Type is not the body's type"
        if headers.get("Content-Type") != "application/json":
            return f"Content-Type {headers.get('Content-Type')!r}"
        return None

    def event_ids(self, status=None):
        with self.lock:
            return [
                headers["Tandem-Event-Id"]
                for index, (headers, _) in enumerate(self.requests)
                if status is None or self.answers[min(index, len(self.answers) - 1)] == status
            ]


class Webhooks:
    def __init__(self, deployment, key=None):
        self.pb = deployment.pb
        self.deployment = deployment
        self.stub = deployment.pb.notify_grpc.NotificationServiceStub(deployment.channel("notify"))
        self.metadata = (("authorization", f"Bearer {key or deployment.write_key}"), ("x-tandem-actor", "admin@example.com"))
        self.service = (
            ("authorization", f"Bearer {deployment.base_env['TANDEM_SERVICE_TOKEN']}"),
            ("x-tandem-tenant", deployment.tenant.id),
        )

    def call(self, method, request):
        return getattr(self.stub, method)(request, metadata=self.metadata, timeout=CALL_TIMEOUT)

    def create(self, url, event_types=(), request_id="", description=""):
        return self.call(
            "CreateWebhook",
            self.pb.notify.CreateWebhookRequest(
                url=url, event_types=list(event_types), request_id=request_id, description=description
            ),
        )

    def deliveries(self, webhook_id, **fields):
        found, token = [], ""
        while True:
            answer = self.call(
                "ListDeliveries",
                self.pb.notify.ListDeliveriesRequest(webhook_id=webhook_id, page_token=token, **fields),
            )
            found += answer.deliveries
            token = answer.next_page_token
            if not token:
                return found

    def event(self, type_="task.created", title="hello"):
        pb = self.pb
        event = pb.events.Event(
            id=str(uuid.uuid4()),
            type=type_,
            tenant_id=self.deployment.tenant.id,
            source="api-tests",
            subject_type="task",
            subject_id=str(uuid.uuid4()),
            recipients=["webhook-owner"],
            attributes={"b": "2", "a": "1"},
        )
        event.occurred_at.GetCurrentTime()
        if type_ == "task.created":
            event.task_created.title = title
            event.task_created.estimate_days = 2.5
            event.task_created.due_date.year = 2031
            event.task_created.due_date.month = 3
            event.task_created.due_date.day = 4
        return event

    def publish(self, events):
        return self.stub.Publish(
            self.pb.notify.PublishRequest(events=events), metadata=self.service, timeout=CALL_TIMEOUT
        )


@pytest.fixture
def hooks(deployment):
    made = []
    api = Webhooks(deployment)
    yield api, made
    for webhook_id in made:
        try:
            api.call("DeleteWebhook", deployment.pb.notify.DeleteWebhookRequest(id=webhook_id))
        except grpc.RpcError:
            pass


def test_create_validates_and_shows_the_secret_once(hooks, deployment):
    api, made = hooks
    pb = deployment.pb
    code = grpc.StatusCode.INVALID_ARGUMENT
    for url in ("", "ftp://example.com/x", "example.com/x", "https://u:p@example.com/", "http://10.0.0.8/",
                "http://169.254.169.254/latest", "http://[fd00::1]/", "https://example.com/" + "a" * 2048):
        expect_error(code, api.create, url, field="url")
    expect_error(code, api.create, "https://example.com/x", event_types=["task.nope"], field="event_types[0]")

    first = api.create("http://127.0.0.1:9/in", event_types=["task.created"], request_id="hook-once", description="d")
    made.append(first.webhook.id)
    assert first.secret.startswith("whsec_") and len(first.secret) == 6 + 64
    again = api.create("http://127.0.0.1:9/in", event_types=["task.created"], request_id="hook-once")
    assert again.webhook.id == first.webhook.id and again.secret == first.secret
    other = api.create("http://127.0.0.1:9/other")
    made.append(other.webhook.id)
    assert other.secret != first.secret

    listed = api.call("ListWebhooks", pb.notify.ListWebhooksRequest(page_size=1))
    assert len(listed.webhooks) == 1 and listed.next_page_token
    rest = api.call("ListWebhooks", pb.notify.ListWebhooksRequest(page_token=listed.next_page_token))
    all_ids = [w.id for w in listed.webhooks] + [w.id for w in rest.webhooks]
    assert first.webhook.id in all_ids and other.webhook.id in all_ids
    assert all_ids == sorted(all_ids), "oldest first"
    webhook = next(w for w in list(listed.webhooks) + list(rest.webhooks) if w.id == first.webhook.id)
    assert webhook.url == "http://127.0.0.1:9/in" and list(webhook.event_types) == ["task.created"]
    assert webhook.created_by == "admin@example.com" and webhook.created_at.seconds > 0
    assert b"whsec_" not in rest.SerializeToString() + listed.SerializeToString()

    # Read-only keys may list, not create or delete.
    reader = Webhooks(deployment, key=deployment.read_key)
    reader.call("ListWebhooks", pb.notify.ListWebhooksRequest())
    expect_error(grpc.StatusCode.PERMISSION_DENIED, reader.create, "http://127.0.0.1:9/x")

    api.call("DeleteWebhook", pb.notify.DeleteWebhookRequest(id=other.webhook.id))
    expect_error(grpc.StatusCode.NOT_FOUND, api.call, "DeleteWebhook", pb.notify.DeleteWebhookRequest(id=other.webhook.id))
    expect_error(code, api.call, "DeleteWebhook", pb.notify.DeleteWebhookRequest(id="nope"), field="id")
    expect_error(
        grpc.StatusCode.NOT_FOUND, api.call, "ListDeliveries", pb.notify.ListDeliveriesRequest(webhook_id=other.webhook.id)
    )
    expect_error(
        code, api.call, "ListDeliveries",
        pb.notify.ListDeliveriesRequest(webhook_id=first.webhook.id, page_token="forged~token"), field="page_token",
    )
    expect_error(
        code, api.call, "ListDeliveries",
        pb.notify.ListDeliveriesRequest(webhook_id=first.webhook.id, states=[1, 0]), field="states[1]",
    )


def test_signed_delivery_carries_the_event_as_proto_json_once(hooks, deployment):
    api, made = hooks
    pb = deployment.pb
    receiver = Receiver().start()
    try:
        created = api.create(receiver.url, event_types=["task.created"])
        made.append(created.webhook.id)
        receiver.secret = created.secret
        event = api.event(title='quote " and é')
        skipped = api.event(type_="task.deleted")
        answer = api.publish([event, skipped])
        assert answer.accepted == 2
        wait_until(lambda: receiver.requests, "the delivery")
        # A redelivered event (the relay retrying) has no second effect.
        assert api.publish([event]).duplicates == 1
        time.sleep(1.5)
        assert not receiver.bad, receiver.bad
        assert receiver.event_ids() == [event.id], "one delivery, and none for the type the webhook does not take"
        headers, body = receiver.requests[0]
        assert headers["Tandem-Event-Type"] == "task.created"
        parsed = json_format.Parse(body, pb.events.Event())
        assert parsed == event, "the body is the proto JSON mapping of the published event"
        document = json.loads(body)
        assert document["taskCreated"]["title"] == 'quote " and é' and document["tenantId"] == deployment.tenant.id

        [delivery] = api.deliveries(created.webhook.id)
        assert delivery.state == pb.notify.DELIVERY_STATE_DELIVERED and delivery.event_id == event.id
        assert delivery.attempt_count == 1 and [a.http_status for a in delivery.attempts] == [200]
        assert delivery.completed_at.seconds > 0 and not delivery.HasField("next_attempt_at")
    finally:
        receiver.stop()


def test_three_500s_then_200_is_delivered_once_with_four_attempts(hooks, deployment):
    api, made = hooks
    pb = deployment.pb
    receiver = Receiver(answers=(500, 500, 500, 200)).start()
    try:
        created = api.create(receiver.url)
        made.append(created.webhook.id)
        receiver.secret = created.secret
        event = api.event()
        api.publish([event])
        wait_until(lambda: receiver.event_ids(status=200), "the fourth attempt")
        time.sleep(1.5)
        assert not receiver.bad, receiver.bad
        assert receiver.event_ids() == [event.id] * 4
        assert receiver.event_ids(status=200) == [event.id], "accepted exactly once"
        [delivery] = api.deliveries(created.webhook.id)
        assert delivery.state == pb.notify.DELIVERY_STATE_DELIVERED
        assert [(a.number, a.http_status) for a in delivery.attempts] == [(1, 500), (2, 500), (3, 500), (4, 200)]
        assert [a.error for a in delivery.attempts][:3] == ["HTTP 500"] * 3 and delivery.attempts[3].error == ""
        times = [a.attempted_at.ToNanoseconds() for a in delivery.attempts]
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert gaps[1] > gaps[0] and gaps[2] > gaps[1], f"backoff grows: {gaps}"
    finally:
        receiver.stop()


def test_budget_spent_is_dead_lettered_and_a_4xx_is_not_retried(hooks, deployment):
    api, made = hooks
    pb = deployment.pb
    failing = Receiver(answers=(503,)).start()
    refusing = Receiver(answers=(404,)).start()
    try:
        a = api.create(failing.url)
        b = api.create(refusing.url)
        made += [a.webhook.id, b.webhook.id]
        failing.secret, refusing.secret = a.secret, b.secret
        api.publish([api.event()])
        dead = pb.notify.DELIVERY_STATE_DEAD_LETTERED
        [first] = wait_until(lambda: [d for d in api.deliveries(a.webhook.id) if d.state == dead], "the dead letter")
        assert first.attempt_count == 5 and len(first.attempts) == 5, "TANDEM_WEBHOOK_MAX_ATTEMPTS=5"
        assert len(failing.requests) == 5
        [second] = wait_until(lambda: [d for d in api.deliveries(b.webhook.id) if d.state == dead], "the 404 dead letter")
        assert second.attempt_count == 1 and second.attempts[0].http_status == 404
        listed = api.deliveries(a.webhook.id, states=[dead])
        assert [d.id for d in listed] == [first.id]
        assert api.deliveries(a.webhook.id, states=[pb.notify.DELIVERY_STATE_DELIVERED]) == []
    finally:
        failing.stop()
        refusing.stop()


def test_a_receiver_that_was_down_gets_everything_once_it_is_back(hooks, deployment):
    api, made = hooks
    port = free_port()
    receiver = Receiver(port=port)
    created = api.create(receiver.url)
    made.append(created.webhook.id)
    receiver.secret = created.secret
    events = [api.event(title=f"while down {n}") for n in range(20)]
    api.publish(events[:10])
    api.publish(events[10:])
    # Every delivery fails (connection refused) at least once while nothing listens.
    wait_until(
        lambda: all(d.attempt_count >= 1 for d in api.deliveries(created.webhook.id))
        and len(api.deliveries(created.webhook.id)) == 20,
        "first attempts against the closed port",
    )
    receiver.start()
    try:
        wait_until(lambda: len(set(receiver.event_ids())) == 20, "all 20 events")
        time.sleep(2)
        assert not receiver.bad, receiver.bad
        assert sorted(receiver.event_ids()) == sorted(e.id for e in events), "each event exactly once"
        deliveries = api.deliveries(created.webhook.id)
        assert all(d.state == deployment.pb.notify.DELIVERY_STATE_DELIVERED for d in deliveries)
        assert all(d.attempts[0].http_status == 0 and d.attempts[0].error for d in deliveries)
    finally:
        receiver.stop()


def test_two_replicas_share_the_work_and_never_deliver_twice(hooks, deployment):
    api, made = hooks
    second = deployment.start_extra("notify", "tandem-notify-webhooks-2")
    receiver = Receiver().start()
    try:
        created = api.create(receiver.url)
        made.append(created.webhook.id)
        receiver.secret = created.secret
        events = [api.event(title=f"shared {n}") for n in range(300)]
        for start in range(0, 300, 50):
            api.publish(events[start:start + 50])
        wait_until(lambda: len(set(receiver.event_ids())) == 300, "all 300 events", timeout=60)
        time.sleep(2)
        assert not receiver.bad, receiver.bad
        assert len(receiver.event_ids()) == 300, "no event delivered twice"
        # Both replicas took part (each counts its own deliveries).
        shares = [value(scrape(server), "tandem_webhook_attempts_total", result="delivered") or 0
                  for server in (deployment.servers["notify"], second)]
        assert all(share > 0 for share in shares), f"deliveries per replica: {shares}"
    finally:
        receiver.stop()
        assert second.stop() == 0


def test_deleting_a_webhook_drops_its_pending_deliveries(hooks, deployment):
    api, made = hooks
    pb = deployment.pb
    receiver = Receiver(answers=(500,)).start()
    try:
        created = api.create(receiver.url)
        receiver.secret = created.secret
        api.publish([api.event()])
        wait_until(lambda: receiver.requests, "a first attempt")
        api.call("DeleteWebhook", pb.notify.DeleteWebhookRequest(id=created.webhook.id))
        count = len(receiver.requests)
        time.sleep(2)
        assert len(receiver.requests) == count, "no attempt after the webhook was deleted"
        expect_error(grpc.StatusCode.NOT_FOUND, api.deliveries, created.webhook.id)
    finally:
        receiver.stop()


def test_other_tenants_see_no_webhook_of_this_one(hooks, deployment):
    api, made = hooks
    pb = deployment.pb
    created = api.create("http://127.0.0.1:9/private")
    made.append(created.webhook.id)
    other = deployment.create_tenant(f"hooks-other-{uuid.uuid4().hex[:6]}", "Other")
    key = deployment.create_key(other.id, "other", [pb.admin.SCOPE_READ, pb.admin.SCOPE_WRITE])
    stranger = Webhooks(deployment, key=key)
    assert list(stranger.call("ListWebhooks", pb.notify.ListWebhooksRequest()).webhooks) == []
    expect_error(grpc.StatusCode.NOT_FOUND, stranger.deliveries, created.webhook.id)
    expect_error(
        grpc.StatusCode.NOT_FOUND, stranger.call, "DeleteWebhook", pb.notify.DeleteWebhookRequest(id=created.webhook.id)
    )
