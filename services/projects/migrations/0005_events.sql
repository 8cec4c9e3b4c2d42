-- Events: the outbox of project events (the same design as tandem-tasks': contents in a tenant
-- table, the delivery queue global), the task events received (so a redelivery has no second
-- effect), and the largest slip each milestone has been reported at risk with.

CREATE TABLE outbox (
    tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
    event_id uuid NOT NULL,
    event bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, event_id)
);

CREATE TABLE received_events (
    tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
    event_id uuid NOT NULL,
    type text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, event_id)
);

CREATE TABLE milestone_alerts (
    tenant_id uuid NOT NULL,
    milestone_id uuid NOT NULL,
    slip_days integer NOT NULL,
    alerted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, milestone_id),
    FOREIGN KEY (tenant_id, milestone_id) REFERENCES project_milestones (tenant_id, id)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['outbox', 'received_events', 'milestone_alerts'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting(''tandem.tenant_id'')::uuid) '
            'WITH CHECK (tenant_id = current_setting(''tandem.tenant_id'')::uuid)', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tandem_app', t);
    END LOOP;
END
$$;

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
