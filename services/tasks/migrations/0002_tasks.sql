-- Tasks, their blockers and labels, the outbox of task events, and the reminder schedule.
-- services/tasks/README.md describes the model; every tenant table follows the rules of
-- migration 0001 (tenant_id leads every key; row-level security forced on tenant_id).

-- status and priority hold the tandem.tasks.v1 enum numbers (TaskStatus 1-5, Priority 1-4).
CREATE TABLE tasks (
    tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
    id uuid NOT NULL,
    title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
    description text NOT NULL DEFAULT '',
    owner text NOT NULL DEFAULT '',
    status smallint NOT NULL CHECK (status BETWEEN 1 AND 5),
    -- The status a BLOCKED task returns to when its last open blocker is resolved.
    status_before_block smallint CHECK (status_before_block IN (1, 2)),
    priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 4),
    due_date date,
    estimate_days double precision NOT NULL DEFAULT 0 CHECK (estimate_days >= 0),
    labels text[] NOT NULL DEFAULT '{}',
    project_id uuid,
    phase_id uuid,
    -- The recurrence rule as an encoded tandem.tasks.v1.Recurrence (series_id and occurrence
    -- are the columns below); NULL for a one-off task.
    recurrence bytea,
    series_id uuid,
    occurrence integer,
    -- The occurrence created when this one was completed: set once, so a series never grows
    -- twice from the same occurrence.
    next_task_id uuid,
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL DEFAULT '',
    completed_at timestamptz,
    archived_at timestamptz,
    request_id text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, request_id),
    UNIQUE (tenant_id, series_id, occurrence),
    CHECK (phase_id IS NULL OR project_id IS NOT NULL),
    CHECK ((series_id IS NULL) = (recurrence IS NULL))
);
-- One index per filter and per order of ListTasks, each led by tenant_id (the policy's column).
CREATE INDEX tasks_created ON tasks (tenant_id, created_at, id);
CREATE INDEX tasks_updated ON tasks (tenant_id, updated_at, id);
CREATE INDEX tasks_priority ON tasks (tenant_id, priority, id);
CREATE INDEX tasks_due_first ON tasks (tenant_id, (coalesce(due_date, 'infinity'::date)), id);
CREATE INDEX tasks_due_last ON tasks (tenant_id, (coalesce(due_date, '-infinity'::date)), id);
CREATE INDEX tasks_owner ON tasks (tenant_id, owner, status);
CREATE INDEX tasks_status ON tasks (tenant_id, status, due_date);
CREATE INDEX tasks_project ON tasks (tenant_id, project_id, phase_id) WHERE project_id IS NOT NULL;
CREATE INDEX tasks_phase ON tasks (tenant_id, phase_id) WHERE phase_id IS NOT NULL;
CREATE INDEX tasks_due ON tasks (tenant_id, due_date) WHERE due_date IS NOT NULL;

-- Each label of each task, so that the label filter is an equality on an index: under row-level
-- security only leakproof operators reach an index, and array containment is not one.
CREATE TABLE task_labels (
    tenant_id uuid NOT NULL,
    label text NOT NULL,
    task_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, label, task_id),
    FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id)
);
CREATE INDEX task_labels_task ON task_labels (tenant_id, task_id);

CREATE TABLE task_blockers (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    task_id uuid NOT NULL,
    description text NOT NULL DEFAULT '',
    blocking_task_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT '',
    resolved_at timestamptz,
    resolved_by text NOT NULL DEFAULT '',
    request_id text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, task_id, request_id),
    FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id),
    FOREIGN KEY (tenant_id, blocking_task_id) REFERENCES tasks (tenant_id, id)
);
CREATE INDEX task_blockers_task ON task_blockers (tenant_id, task_id, created_at);
CREATE INDEX task_blockers_open_by ON task_blockers (tenant_id, blocking_task_id) WHERE resolved_at IS NULL;

-- Events written in the transaction of the change they describe (an encoded
-- tandem.common.v1.Event each), kept until every subscriber has it.
CREATE TABLE outbox (
    tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
    event_id uuid NOT NULL,
    event bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, event_id)
);

-- Reminders already sent, one per task, kind and due date: the key makes a second one impossible.
CREATE TABLE task_reminders_sent (
    tenant_id uuid NOT NULL,
    task_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
    due_date date NOT NULL,
    event_id uuid NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, task_id, kind, due_date),
    FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tasks', 'task_labels', 'task_blockers', 'outbox', 'task_reminders_sent'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting(''tandem.tenant_id'')::uuid) '
            'WITH CHECK (tenant_id = current_setting(''tandem.tenant_id'')::uuid)', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tandem_app', t);
    END LOOP;
END
$$;

-- The delivery queue: which event each subscriber still has to receive. It holds ids and times,
-- never an event's content, and is read across tenants by the relay (which then reads each
-- event in its tenant's transaction), so it is global.
CREATE TABLE outbox_queue (
    id bigserial PRIMARY KEY,
    subscriber text NOT NULL,
    tenant_id uuid NOT NULL,
    event_id uuid NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text NOT NULL DEFAULT ''
);
COMMENT ON TABLE outbox_queue IS 'tandem:global event delivery queue (ids only; contents stay in outbox)';
CREATE INDEX outbox_queue_due ON outbox_queue (subscriber, next_attempt_at, id);
CREATE INDEX outbox_queue_event ON outbox_queue (tenant_id, event_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON outbox_queue TO tandem_app;
GRANT USAGE ON SEQUENCE outbox_queue_id_seq TO tandem_app;

-- When each open task with a due date next needs a look from the reminder scanner. Written with
-- every change of a task's due date or status; read across tenants by the scanner, which checks
-- the task itself in its tenant's transaction. Ids and times only, so it is global.
CREATE TABLE reminder_schedule (
    tenant_id uuid NOT NULL,
    task_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
    fire_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, task_id, kind)
);
COMMENT ON TABLE reminder_schedule IS 'tandem:global reminder times (ids only; the scanner reads tasks per tenant)';
CREATE INDEX reminder_schedule_due ON reminder_schedule (fire_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON reminder_schedule TO tandem_app;
