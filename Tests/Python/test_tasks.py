"""tandem.tasks.v1.TaskService end to end: grpcio against the tandem-tasks executable, with the
tenant and its keys made through tandem-projects' TenantAdmin (conftest.py starts the servers).

Every test works on tasks of its own (an owner or a label no other test uses), so that the tests
share one tenant and still see only their own tasks in lists and workloads.
"""

import datetime
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest
from google.protobuf import field_mask_pb2

from conftest import ACTOR, CALL_TIMEOUT, expect_error

Code = grpc.StatusCode


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class Client:
    """TaskService with one credential: each method takes a request's fields as keywords."""

    def __init__(self, deployment, key, actor=ACTOR, server="tasks"):
        self.pb = deployment.pb.tasks
        self.common = deployment.pb.common
        self.stub = deployment.pb.tasks_grpc.TaskServiceStub(deployment.channel(server))
        self.metadata = []
        if key is not None:
            self.metadata.append(("authorization", f"Bearer {key}"))
        if actor:
            self.metadata.append(("x-tandem-actor", actor))

    def call(self, method, request):
        return getattr(self.stub, method)(request, metadata=self.metadata, timeout=CALL_TIMEOUT)

    def task(self, **fields):
        return self.pb.Task(**fields)

    def date(self, value):
        return self.common.Date(year=value.year, month=value.month, day=value.day)

    def create(self, request_id="", **fields):
        request = self.pb.CreateTaskRequest(task=self.pb.Task(**fields), request_id=request_id)
        return self.call("CreateTask", request).task

    def get(self, task_id):
        return self.call("GetTask", self.pb.GetTaskRequest(id=task_id)).task

    def update(self, task, paths, expected_version=0):
        request = self.pb.UpdateTaskRequest(
            task=task,
            update_mask=field_mask_pb2.FieldMask(paths=paths),
            expected_version=expected_version,
        )
        return self.call("UpdateTask", request).task

    def set_status(self, task_id, status, expected_version=0, reason=""):
        request = self.pb.SetTaskStatusRequest(
            task_id=task_id, status=status, expected_version=expected_version, reason=reason
        )
        return self.call("SetTaskStatus", request)

    def add_blocker(self, task_id, description="", blocking_task_id="", request_id=""):
        request = self.pb.AddBlockerRequest(
            task_id=task_id,
            description=description,
            blocking_task_id=blocking_task_id,
            request_id=request_id,
        )
        return self.call("AddBlocker", request)

    def resolve_blocker(self, task_id, blocker_id):
        request = self.pb.ResolveBlockerRequest(task_id=task_id, blocker_id=blocker_id)
        return self.call("ResolveBlocker", request).task

    def list(self, **fields):
        return self.call("ListTasks", self.pb.ListTasksRequest(**fields))

    def list_all(self, **fields):
        """Every task of the list, walking its pages."""
        tasks, token = [], ""
        for _ in range(1000):
            response = self.list(page_token=token, **fields)
            tasks.extend(response.tasks)
            token = response.next_page_token
            if not token:
                return tasks
        raise AssertionError("ListTasks never answered an empty next_page_token")

    def delete(self, task_id, expected_version=0):
        request = self.pb.DeleteTaskRequest(id=task_id, expected_version=expected_version)
        return self.call("DeleteTask", request).task

    def workload(self, owners=(), project_id=""):
        request = self.pb.GetWorkloadRequest(owners=list(owners), project_id=project_id)
        return self.call("GetWorkload", request)


def ids(tasks):
    return [task.id for task in tasks]


def as_date(message):
    return datetime.date(message.year, message.month, message.day)


@pytest.fixture(scope="module")
def api(deployment):
    """The read-write key, acting as ACTOR."""
    return Client(deployment, deployment.write_key)


@pytest.fixture(scope="module")
def tasks_pb(deployment):
    return deployment.pb.tasks


# --- CreateTask and GetTask ----------------------------------------------------------------


def test_create_task_defaults_and_get_returns_the_same(api, tasks_pb):
    owner = unique("owner")
    due = datetime.date(2031, 3, 14)
    created = api.create(
        title="Write the quarterly report",
        description="Numbers from finance",
        owner=owner,
        due_date=api.date(due),
        estimate_days=1.5,
        labels=["report", "finance", "report"],
        # Output-only fields, which CreateTask ignores.
        id="00000000-0000-7000-8000-000000000000",
        version=41,
        created_by="mallory",
        archived=True,
    )
    assert created.status == tasks_pb.TASK_STATUS_TODO
    assert created.priority == tasks_pb.PRIORITY_MEDIUM
    assert created.version == 1
    assert created.created_by == ACTOR
    assert created.updated_by == ACTOR
    assert created.title == "Write the quarterly report"
    assert created.description == "Numbers from finance"
    assert created.owner == owner
    assert as_date(created.due_date) == due
    assert created.estimate_days == 1.5
    assert list(created.labels) == ["report", "finance"], "labels keep their order, once each"
    parsed = uuid.UUID(created.id)
    assert parsed.version == 7 and str(parsed) == created.id, f"not a lowercase UUIDv7: {created.id}"
    assert created.id != "00000000-0000-7000-8000-000000000000"
    assert not created.archived and not created.HasField("archived_at")
    assert created.HasField("created_at") and created.HasField("updated_at")
    assert not created.HasField("completed_at")
    assert not created.HasField("recurrence") and len(created.blockers) == 0

    assert api.get(created.id) == created

    in_progress = api.create(title="Started at once", status=tasks_pb.TASK_STATUS_IN_PROGRESS)
    assert in_progress.status == tasks_pb.TASK_STATUS_IN_PROGRESS
    assert api.get(in_progress.id).status == tasks_pb.TASK_STATUS_IN_PROGRESS


# Labels: at most 20, each 1 to 50 characters, as services/tasks/README.md states (the comment of
# Task.labels in tasks.proto says at most 50, each 1 to 64 characters).
INVALID_TASKS = {
    "empty title": (dict(title=""), "title"),
    "title of 501 characters": (dict(title="t" * 501), "title"),
    "21 labels": (dict(title="Too many labels", labels=[f"label-{n}" for n in range(21)]), "labels"),
    "label of 51 characters": (dict(title="Long label", labels=["ok", "x" * 51]), "labels"),
    "2030-02-30": (dict(title="No such day", due_date=dict(year=2030, month=2, day=30)), "due_date"),
    "unknown priority": (dict(title="Odd priority", priority=9), "priority"),
    "negative estimate": (dict(title="Negative", estimate_days=-1), "estimate_days"),
    "status DONE at creation": (dict(title="Done already", status=4), "status"),
    "phase_id without project_id": (dict(title="Phase", phase_id=str(uuid.uuid4())), "phase_id"),
    "recurrence without due date": (dict(title="Weekly", recurrence=dict(frequency=2)), "due_date"),
}


@pytest.mark.parametrize("case", list(INVALID_TASKS))
def test_create_task_invalid_argument_names_the_field(api, case):
    fields, field = INVALID_TASKS[case]
    owner = unique("invalid")
    expect_error(
        Code.INVALID_ARGUMENT, api.create, owner=owner, **fields, field=field
    )
    assert api.list_all(owner=owner, include_archived=True) == [], "the refused task was stored"


def test_get_unknown_task_is_not_found(api):
    expect_error(Code.NOT_FOUND, api.get, str(uuid.uuid4()))
    # A well-formed UUIDv7 that no task has.
    created = api.create(title="Exists")
    missing = created.id[:-12] + ("0" * 12 if created.id[-12:] != "0" * 12 else "1" * 12)
    expect_error(Code.NOT_FOUND, api.get, missing)


def test_create_task_request_id_is_idempotent(api):
    owner = unique("idempotent")
    request_id = unique("request")
    first = api.create(request_id=request_id, title="Book the venue", owner=owner)
    retry = api.create(request_id=request_id, title="Book the venue", owner=owner)
    assert retry.id == first.id
    assert retry == first
    # A retry answers the first result, whatever the retried body says.
    changed = api.create(request_id=request_id, title="Something else", owner=owner)
    assert changed.id == first.id and changed.title == "Book the venue"

    other = api.create(request_id=unique("request"), title="Book the venue", owner=owner)
    assert other.id != first.id
    assert sorted(ids(api.list_all(owner=owner))) == sorted([first.id, other.id])


def test_create_task_request_id_concurrent_retries_make_one_task(api):
    owner = unique("idempotent-race")
    request_id = unique("request")
    barrier = threading.Barrier(4)

    def create():
        barrier.wait()
        return api.create(request_id=request_id, title="Order the badges", owner=owner)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [future.result() for future in [pool.submit(create) for _ in range(4)]]
    assert len({task.id for task in results}) == 1, [task.id for task in results]
    assert ids(api.list_all(owner=owner)) == [results[0].id]


# --- UpdateTask ----------------------------------------------------------------------------


def test_update_task_with_mask_and_expected_version(api, tasks_pb):
    created = api.create(title="Draft", description="first words", owner=unique("owner"))
    edit = tasks_pb.Task(
        id=created.id,
        title="Draft v2",
        description="not in the mask: must stay",
        priority=tasks_pb.PRIORITY_HIGH,
    )
    updated = api.update(edit, ["title", "priority"], expected_version=created.version)
    assert updated.title == "Draft v2"
    assert updated.priority == tasks_pb.PRIORITY_HIGH
    assert updated.description == "first words"
    assert updated.version == created.version + 1
    assert updated.updated_by == ACTOR
    assert api.get(created.id) == updated

    # The version it was read at is stale now.
    stale = tasks_pb.Task(id=created.id, title="Lost update")
    expect_error(Code.ABORTED, api.update, stale, ["title"], expected_version=created.version)
    assert api.get(created.id) == updated

    expect_error(
        Code.INVALID_ARGUMENT, api.update, stale, ["title", "colour"], field="update_mask"
    )
    expect_error(Code.INVALID_ARGUMENT, api.update, stale, [], field="update_mask")
    expect_error(
        Code.INVALID_ARGUMENT,
        api.update,
        tasks_pb.Task(id=created.id, status=tasks_pb.TASK_STATUS_DONE),
        ["status"],
        field="update_mask",
    )
    assert api.get(created.id) == updated

    # A due date in the mask but unset in the task clears it; expected_version 0 is unconditional.
    dated = api.update(
        tasks_pb.Task(id=created.id, due_date=api.date(datetime.date(2031, 5, 1))), ["due_date"]
    )
    assert dated.HasField("due_date") and dated.version == updated.version + 1
    cleared = api.update(tasks_pb.Task(id=created.id), ["due_date"])
    assert not cleared.HasField("due_date") and cleared.version == dated.version + 1

    expect_error(Code.NOT_FOUND, api.update, tasks_pb.Task(id=str(uuid.uuid4()), title="x"), ["title"])


# --- SetTaskStatus -------------------------------------------------------------------------


def test_set_task_status_transitions(api, tasks_pb):
    task = api.create(title="Ship the release")
    assert task.status == tasks_pb.TASK_STATUS_TODO

    started = api.set_status(task.id, tasks_pb.TASK_STATUS_IN_PROGRESS, expected_version=1).task
    assert started.status == tasks_pb.TASK_STATUS_IN_PROGRESS
    assert started.version == 2
    assert not started.HasField("completed_at")

    response = api.set_status(task.id, tasks_pb.TASK_STATUS_DONE)
    done = response.task
    assert done.status == tasks_pb.TASK_STATUS_DONE
    assert done.HasField("completed_at"), "DONE must set completed_at"
    assert done.completed_at.ToDatetime() >= started.updated_at.ToDatetime()
    assert done.version == 3
    assert not response.HasField("next_occurrence"), "a one-off task has no next occurrence"
    assert api.get(task.id) == done

    # Setting the current status answers the task unchanged.
    again = api.set_status(task.id, tasks_pb.TASK_STATUS_DONE).task
    assert again == done

    expect_error(Code.FAILED_PRECONDITION, api.set_status, task.id, tasks_pb.TASK_STATUS_CANCELLED)
    expect_error(Code.INVALID_ARGUMENT, api.set_status, task.id, tasks_pb.TASK_STATUS_BLOCKED, field="status")
    expect_error(
        Code.INVALID_ARGUMENT, api.set_status, task.id, tasks_pb.TASK_STATUS_UNSPECIFIED, field="status"
    )
    expect_error(Code.ABORTED, api.set_status, task.id, tasks_pb.TASK_STATUS_TODO, expected_version=2)
    assert api.get(task.id) == done

    # Reopening clears completed_at.
    reopened = api.set_status(task.id, tasks_pb.TASK_STATUS_TODO).task
    assert reopened.status == tasks_pb.TASK_STATUS_TODO
    assert not reopened.HasField("completed_at")

    other = api.create(title="Given up")
    expect_error(Code.INVALID_ARGUMENT, api.set_status, other.id, tasks_pb.TASK_STATUS_BLOCKED, field="status")
    assert api.set_status(other.id, tasks_pb.TASK_STATUS_CANCELLED).task.status == tasks_pb.TASK_STATUS_CANCELLED
    expect_error(Code.FAILED_PRECONDITION, api.set_status, other.id, tasks_pb.TASK_STATUS_DONE)
    expect_error(Code.NOT_FOUND, api.set_status, str(uuid.uuid4()), tasks_pb.TASK_STATUS_DONE)


# --- Blockers ------------------------------------------------------------------------------


def test_blocker_blocks_and_resolving_restores_the_earlier_status(api, tasks_pb):
    task = api.create(title="Sign the contract")
    api.set_status(task.id, tasks_pb.TASK_STATUS_IN_PROGRESS)

    added = api.add_blocker(task.id, description="Waiting for legal")
    assert added.task.status == tasks_pb.TASK_STATUS_BLOCKED
    assert added.blocker.id and not added.blocker.resolved
    assert added.blocker.description == "Waiting for legal"
    assert added.blocker.created_by == ACTOR
    assert [blocker.id for blocker in added.task.blockers] == [added.blocker.id]
    assert api.get(task.id).status == tasks_pb.TASK_STATUS_BLOCKED

    expect_error(Code.FAILED_PRECONDITION, api.set_status, task.id, tasks_pb.TASK_STATUS_DONE)
    assert api.get(task.id).status == tasks_pb.TASK_STATUS_BLOCKED

    # A second blocker: resolving one of the two leaves the task BLOCKED.
    second = api.add_blocker(task.id, description="Waiting for the budget").blocker
    still = api.resolve_blocker(task.id, added.blocker.id)
    assert still.status == tasks_pb.TASK_STATUS_BLOCKED

    restored = api.resolve_blocker(task.id, second.id)
    assert restored.status == tasks_pb.TASK_STATUS_IN_PROGRESS, "the status before BLOCKED comes back"
    assert all(blocker.resolved for blocker in restored.blockers)
    assert [blocker.resolved_by for blocker in restored.blockers] == [ACTOR, ACTOR]
    assert api.get(task.id) == restored

    # Resolving a resolved blocker answers the task unchanged.
    assert api.resolve_blocker(task.id, second.id) == restored

    done = api.set_status(task.id, tasks_pb.TASK_STATUS_DONE).task
    assert done.status == tasks_pb.TASK_STATUS_DONE
    expect_error(Code.FAILED_PRECONDITION, api.add_blocker, task.id, description="too late")

    expect_error(Code.INVALID_ARGUMENT, api.add_blocker, task.id, field="description")
    expect_error(
        Code.INVALID_ARGUMENT, api.add_blocker, task.id, blocking_task_id=task.id, field="blocking_task_id"
    )
    expect_error(Code.NOT_FOUND, api.resolve_blocker, task.id, str(uuid.uuid4()))


def test_blocker_naming_a_task_resolves_when_that_task_is_done(api, tasks_pb):
    blocked = api.create(title="Deploy")
    blocking = api.create(title="Pass the security review")

    added = api.add_blocker(blocked.id, blocking_task_id=blocking.id)
    assert added.task.status == tasks_pb.TASK_STATUS_BLOCKED
    assert added.blocker.blocking_task_id == blocking.id

    expect_error(Code.FAILED_PRECONDITION, api.set_status, blocked.id, tasks_pb.TASK_STATUS_DONE)

    api.set_status(blocking.id, tasks_pb.TASK_STATUS_IN_PROGRESS)
    assert api.get(blocked.id).status == tasks_pb.TASK_STATUS_BLOCKED, "only DONE resolves it"

    api.set_status(blocking.id, tasks_pb.TASK_STATUS_DONE)
    after = api.get(blocked.id)
    assert after.status == tasks_pb.TASK_STATUS_TODO, "the blocked task returns to TODO"
    assert len(after.blockers) == 1
    assert after.blockers[0].resolved and after.blockers[0].HasField("resolved_at")
    assert after.blockers[0].resolved_by == "", "a blocker that resolved itself has no resolver"
    assert after.version > added.task.version

    # A blocking task that is already DONE cannot block.
    expect_error(Code.FAILED_PRECONDITION, api.add_blocker, blocked.id, blocking_task_id=blocking.id)
    expect_error(Code.NOT_FOUND, api.add_blocker, blocked.id, blocking_task_id=str(uuid.uuid4()))


# --- Recurrence ----------------------------------------------------------------------------


def weekly_task(api, tasks_pb, label, due, **fields):
    rule = tasks_pb.Recurrence(frequency=tasks_pb.RECURRENCE_FREQUENCY_WEEKLY)
    return api.create(
        title="Weekly review",
        owner="carol",
        priority=tasks_pb.PRIORITY_HIGH,
        estimate_days=0.5,
        labels=[label],
        due_date=api.date(due),
        recurrence=rule,
        **fields,
    )


def test_completing_a_weekly_task_creates_the_next_occurrence(api, tasks_pb):
    label = unique("weekly")
    due = datetime.date(2031, 1, 6)  # a Monday
    first = weekly_task(api, tasks_pb, label, due)
    assert first.recurrence.series_id
    assert first.recurrence.occurrence == 1

    response = api.set_status(first.id, tasks_pb.TASK_STATUS_DONE)
    assert response.task.status == tasks_pb.TASK_STATUS_DONE
    assert response.task.id == first.id
    assert response.HasField("next_occurrence"), "completing a recurring task answers the next one"
    following = response.next_occurrence
    assert following.id and following.id != first.id
    assert as_date(following.due_date) == due + datetime.timedelta(days=7)
    assert following.status == tasks_pb.TASK_STATUS_TODO
    assert following.title == first.title and following.owner == first.owner
    assert following.priority == first.priority and following.estimate_days == first.estimate_days
    assert list(following.labels) == [label]
    assert following.recurrence.series_id == first.recurrence.series_id
    assert following.recurrence.occurrence == 2
    assert following.recurrence.frequency == tasks_pb.RECURRENCE_FREQUENCY_WEEKLY
    assert not following.HasField("completed_at")
    assert api.get(following.id) == following

    # The completed occurrence stays as a record.
    assert api.get(first.id).status == tasks_pb.TASK_STATUS_DONE
    listed = api.list_all(label=label)
    assert sorted(ids(listed)) == sorted([first.id, following.id])

    # Completing the next one continues the series.
    third = api.set_status(following.id, tasks_pb.TASK_STATUS_DONE).next_occurrence
    assert as_date(third.due_date) == due + datetime.timedelta(days=14)
    assert third.recurrence.occurrence == 3


def test_weekly_task_on_two_weekdays(api, tasks_pb):
    common = api.common
    rule = tasks_pb.Recurrence(
        frequency=tasks_pb.RECURRENCE_FREQUENCY_WEEKLY,
        weekdays=[common.WEEKDAY_MONDAY, common.WEEKDAY_THURSDAY],
    )
    due = datetime.date(2031, 1, 6)  # a Monday
    first = api.create(title="Stand-up notes", due_date=api.date(due), recurrence=rule)
    following = api.set_status(first.id, tasks_pb.TASK_STATUS_DONE).next_occurrence
    assert as_date(following.due_date) == datetime.date(2031, 1, 9), "the Thursday of the same week"
    after = api.set_status(following.id, tasks_pb.TASK_STATUS_DONE).next_occurrence
    assert as_date(after.due_date) == datetime.date(2031, 1, 13), "then the next Monday"


def test_concurrent_completions_create_one_next_occurrence(api, tasks_pb):
    for round_number in range(5):
        label = unique(f"race{round_number}")
        due = datetime.date(2031, 2, 3)
        first = weekly_task(api, tasks_pb, label, due)
        barrier = threading.Barrier(2)

        def complete():
            barrier.wait()
            return api.set_status(first.id, tasks_pb.TASK_STATUS_DONE)

        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(complete) for _ in range(2)]
            outcomes = []
            for future in futures:
                try:
                    outcomes.append(future.result())
                except grpc.RpcError as error:
                    outcomes.append(error)
        failures = [o for o in outcomes if isinstance(o, grpc.RpcError)]
        assert not failures, (
            "two completions of the same task at once: expected both to succeed (the second is a "
            f"no-op), got {[(e.code().name, e.details()) for e in failures]}"
        )
        for response in outcomes:
            assert response.task.status == tasks_pb.TASK_STATUS_DONE
        next_ids = {r.next_occurrence.id for r in outcomes if r.HasField("next_occurrence")}
        assert len(next_ids) == 1, f"round {round_number}: next occurrences answered: {next_ids}"

        series = api.list_all(label=label, include_archived=True)
        assert len(series) == 2, (
            f"round {round_number}: expected the original and one next occurrence, got "
            f"{[(t.id, t.recurrence.occurrence, as_date(t.due_date).isoformat()) for t in series]}"
        )
        by_id = {task.id: task for task in series}
        assert set(by_id) == {first.id, *next_ids}
        assert by_id[first.id].status == tasks_pb.TASK_STATUS_DONE
        (following,) = [by_id[task_id] for task_id in next_ids]
        assert following.status == tasks_pb.TASK_STATUS_TODO
        assert following.recurrence.series_id == first.recurrence.series_id
        assert following.recurrence.occurrence == 2
        assert as_date(following.due_date) == due + datetime.timedelta(days=7)


# --- DeleteTask ----------------------------------------------------------------------------


def test_delete_task_archives(api, tasks_pb):
    owner = unique("archive")
    kept = api.create(title="Keep me", owner=owner)
    task = api.create(title="Archive me", owner=owner)

    archived = api.delete(task.id, expected_version=task.version)
    assert archived.archived and archived.HasField("archived_at")
    assert archived.version == task.version + 1
    assert archived.title == "Archive me"

    got = api.get(task.id)
    assert got.archived, "GetTask still answers an archived task, archived=true"
    assert got == archived

    assert ids(api.list_all(owner=owner)) == [kept.id]
    assert ids(api.list_all(owner=owner, include_archived=True)) == [kept.id, task.id]

    # Deleting again answers it unchanged.
    assert api.delete(task.id) == archived
    expect_error(Code.ABORTED, api.delete, kept.id, expected_version=kept.version + 5)
    expect_error(Code.NOT_FOUND, api.delete, str(uuid.uuid4()))

    # It leaves workloads too.
    (entry,) = api.workload([owner]).owners
    assert entry.owner == owner and entry.todo == 1

    # An archived task cannot be changed.
    expect_error(
        Code.FAILED_PRECONDITION, api.update, tasks_pb.Task(id=task.id, title="Revived"), ["title"]
    )
    expect_error(Code.FAILED_PRECONDITION, api.set_status, task.id, tasks_pb.TASK_STATUS_DONE)


# --- ListTasks -----------------------------------------------------------------------------


def test_list_tasks_filters(api, tasks_pb):
    owner, other_owner = unique("list"), unique("list-other")
    red, blue = unique("red"), unique("blue")
    t1 = api.create(title="one", owner=owner, labels=[red])
    t2 = api.create(title="two", owner=owner, labels=[blue], status=tasks_pb.TASK_STATUS_IN_PROGRESS)
    t3 = api.create(title="three", owner=owner, labels=[blue, red])
    api.set_status(t3.id, tasks_pb.TASK_STATUS_DONE)
    t4 = api.create(title="four", owner=owner)
    t5 = api.create(title="five", owner=other_owner, labels=[red])

    # Ordered by creation by default.
    assert ids(api.list_all(owner=owner)) == ids([t1, t2, t3, t4])
    assert ids(api.list_all(owner=other_owner)) == [t5.id]

    todo = tasks_pb.TASK_STATUS_TODO
    done = tasks_pb.TASK_STATUS_DONE
    assert ids(api.list_all(owner=owner, statuses=[todo])) == ids([t1, t4])
    assert ids(api.list_all(owner=owner, statuses=[todo, done])) == ids([t1, t3, t4])
    assert ids(api.list_all(owner=owner, statuses=[tasks_pb.TASK_STATUS_IN_PROGRESS])) == [t2.id]
    assert ids(api.list_all(owner=owner, statuses=[tasks_pb.TASK_STATUS_CANCELLED])) == []

    assert ids(api.list_all(label=red)) == ids([t1, t3, t5])
    assert ids(api.list_all(label=red, owner=owner)) == ids([t1, t3])
    assert ids(api.list_all(label=blue, statuses=[done])) == [t3.id]
    assert ids(api.list_all(label=unique("nothing"))) == []

    assert ids(api.list_all(owner=owner, descending=True)) == ids([t4, t3, t2, t1])


def test_list_tasks_pages_give_every_task_once(api):
    owner = unique("pages")
    created = [api.create(title=f"task {n}", owner=owner) for n in range(7)]

    seen, pages, token = [], [], ""
    while True:
        response = api.list(owner=owner, page_size=2, page_token=token)
        pages.append(len(response.tasks))
        seen.extend(ids(response.tasks))
        token = response.next_page_token
        if not token:
            break
        assert len(pages) < 20, "ListTasks keeps answering a next_page_token"
    assert seen == ids(created), "every task once, in creation order"
    assert pages[:-1] == [2] * (len(pages) - 1) and 1 <= pages[-1] <= 2, pages

    first = api.list(owner=owner, page_size=2)
    assert first.next_page_token
    # The same token with another filter.
    expect_error(
        Code.INVALID_ARGUMENT,
        api.list,
        owner=unique("someone-else"),
        page_size=2,
        page_token=first.next_page_token,
        field="page_token",
    )
    expect_error(
        Code.INVALID_ARGUMENT,
        api.list,
        owner=owner,
        label="x",
        page_size=2,
        page_token=first.next_page_token,
        field="page_token",
    )
    # A tampered token.
    token = first.next_page_token
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    expect_error(
        Code.INVALID_ARGUMENT, api.list, owner=owner, page_size=2, page_token=tampered, field="page_token"
    )
    expect_error(Code.INVALID_ARGUMENT, api.list, owner=owner, page_size=-1, field="page_size")
    # The token still works with its own filter (the page size may change).
    assert ids(api.list(owner=owner, page_size=10, page_token=first.next_page_token).tasks) == ids(created[2:])


def test_list_tasks_page_size_over_500_means_500(api):
    """tandem/common/v1/common.proto: page_size larger than 500 means 500."""
    owner = unique("big-page")
    created = api.create(title="only one", owner=owner)
    response = api.list(owner=owner, page_size=1000)
    assert ids(response.tasks) == [created.id]
    assert response.next_page_token == ""


# --- GetWorkload ---------------------------------------------------------------------------


def test_get_workload_counts_per_owner(api, tasks_pb):
    as_of = as_date(api.workload([unique("probe")]).as_of)
    today_utc = datetime.datetime.now(datetime.timezone.utc).date()
    assert abs((as_of - today_utc).days) <= 1, f"as_of {as_of} is not today (tenant time zone UTC)"

    def day(offset):
        return api.date(as_of + datetime.timedelta(days=offset))

    suffix = uuid.uuid4().hex[:8]
    busy, light, idle = f"a-busy-{suffix}", f"b-light-{suffix}", f"c-idle-{suffix}"

    api.create(title="overdue", owner=busy, due_date=day(-3), estimate_days=1.5)
    api.create(title="due today", owner=busy, due_date=day(0), estimate_days=2)
    api.create(title="due in 6 days", owner=busy, due_date=day(6))
    api.create(title="due in 7 days", owner=busy, due_date=day(7))
    api.create(
        title="in progress",
        owner=busy,
        due_date=day(10),
        estimate_days=0.5,
        status=tasks_pb.TASK_STATUS_IN_PROGRESS,
    )
    blocked = api.create(title="blocked", owner=busy, estimate_days=1, due_date=day(-1))
    api.add_blocker(blocked.id, description="waiting")
    finished = api.create(title="done", owner=busy, due_date=day(-1), estimate_days=4)
    api.set_status(finished.id, tasks_pb.TASK_STATUS_DONE)
    dropped = api.create(title="cancelled", owner=busy, due_date=day(-2), estimate_days=8)
    api.set_status(dropped.id, tasks_pb.TASK_STATUS_CANCELLED)
    archived = api.create(title="archived", owner=busy, due_date=day(-5), estimate_days=9)
    api.delete(archived.id)
    api.create(title="light", owner=light, due_date=day(30), estimate_days=3)

    response = api.workload([light, idle, busy])
    assert [entry.owner for entry in response.owners] == [busy, light, idle], "ordered by owner"
    entries = {entry.owner: entry for entry in response.owners}

    # Open: 4 TODO (due -3, 0, +6, +7), 1 IN_PROGRESS (+10), 1 BLOCKED (-1); overdue: -3 and -1;
    # in the next 7 days: 0 and +6; open estimates: 1.5 + 2 + 0.5 + 1.
    expected_busy = dict(
        todo=4,
        in_progress=1,
        blocked=1,
        done=1,
        cancelled=1,
        overdue=2,
        due_next_7_days=2,
        estimate_days_open=5.0,
    )
    got_busy = {name: getattr(entries[busy], name) for name in expected_busy}
    assert got_busy == expected_busy
    got_light = {name: getattr(entries[light], name) for name in expected_busy}
    expected_light = dict.fromkeys(expected_busy, 0)
    expected_light.update(todo=1, estimate_days_open=3.0)
    assert got_light == expected_light
    assert entries[idle] == tasks_pb.OwnerWorkload(owner=idle), "an owner without tasks has zeros"
    assert as_date(response.as_of) == as_of

    # Without owners: every owner with a non-archived task, ours among them.
    everyone = {entry.owner: entry for entry in api.workload().owners}
    assert everyone[busy] == entries[busy] and everyone[light] == entries[light]
    assert idle not in everyone

    expect_error(
        Code.INVALID_ARGUMENT, api.workload, [f"owner-{n}" for n in range(501)], field="owners"
    )


# --- Credentials ---------------------------------------------------------------------------


def test_read_only_key_cannot_write(deployment, api, tasks_pb):
    reader = Client(deployment, deployment.read_key)
    owner = unique("read-only")
    existing = api.create(title="Readable", owner=owner)

    # The key works for reads...
    assert reader.get(existing.id) == existing
    assert ids(reader.list_all(owner=owner)) == [existing.id]
    # ...and not for writes.
    expect_error(Code.PERMISSION_DENIED, reader.create, title="Not allowed", owner=owner)
    expect_error(Code.PERMISSION_DENIED, reader.set_status, existing.id, tasks_pb.TASK_STATUS_DONE)
    expect_error(Code.PERMISSION_DENIED, reader.delete, existing.id)
    assert ids(api.list_all(owner=owner)) == [existing.id]
    assert api.get(existing.id) == existing


def test_missing_or_unknown_key_is_unauthenticated(deployment, api):
    existing = api.create(title="Private")
    anonymous = Client(deployment, None)
    expect_error(Code.UNAUTHENTICATED, anonymous.create, title="Anonymous")
    expect_error(Code.UNAUTHENTICATED, anonymous.get, existing.id)
    stranger = Client(deployment, "tdm_" + uuid.uuid4().hex * 2)
    expect_error(Code.UNAUTHENTICATED, stranger.get, existing.id)
    # The administrator credential reaches TenantAdmin only.
    administrator = Client(deployment, deployment.admin_token)
    expect_error(Code.PERMISSION_DENIED, administrator.get, existing.id)


def test_another_tenants_task_is_not_found(deployment, api, tasks_pb):
    mine = api.create(title="Tenant A's")
    tenant = deployment.create_tenant(unique("api-tests-b"), "API tests, tenant B")
    other = Client(
        deployment,
        deployment.create_key(tenant.id, "tenant B", [deployment.pb.admin.SCOPE_READ, deployment.pb.admin.SCOPE_WRITE]),
    )
    expect_error(Code.NOT_FOUND, other.get, mine.id)
    expect_error(Code.NOT_FOUND, other.set_status, mine.id, tasks_pb.TASK_STATUS_DONE)
    assert mine.id not in ids(other.list_all(include_archived=True))
    assert api.get(mine.id) == mine


# --- The process ---------------------------------------------------------------------------


def test_tasks_server_runs_without_event_subscribers(deployment):
    """TANDEM_TASKS_EVENT_SUBSCRIBERS is optional (services/tasks/README.md: none by default, and
    scripts/run sets none): a tandem-tasks without it serves TaskService and exits 0 on SIGTERM."""
    failure = None
    try:
        server = deployment.start_extra(
            "tasks", "tandem-tasks-no-subscribers", TANDEM_TASKS_EVENT_SUBSCRIBERS=None
        )
    except RuntimeError as error:
        failure = str(error)
    if failure:
        pytest.fail(f"tandem-tasks without event subscribers: {failure}", pytrace=False)
    try:
        client = Client(deployment, deployment.write_key, server=server)
        created = client.create(title="Served without event subscribers")
        assert client.get(created.id) == created
        time.sleep(1)
        assert server.alive(), f"tandem-tasks stopped on its own; log {server.log_path}"
    finally:
        status = server.stop()
    assert status == 0, f"tandem-tasks exited {status} on SIGTERM; log {server.log_path}"
