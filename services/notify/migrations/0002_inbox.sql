-- The inbox: events received (recorded once by id), each user's notifications numbered in the
-- order they were committed, and each user's preferences. Tenant tables under forced RLS.

CREATE TABLE received_events (
    tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
    event_id uuid NOT NULL,
    type text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, event_id)
);

-- The last number given to a user's notification. The row is locked by the transaction that
-- gives the next one until it commits, so a user's numbers increase in commit order: a cursor
-- never skips a notification committed later with a smaller number.
CREATE TABLE inbox_users (
    tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
    user_name text NOT NULL,
    last_seq bigint NOT NULL,
    PRIMARY KEY (tenant_id, user_name)
);

CREATE TABLE notifications (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    user_name text NOT NULL,
    seq bigint NOT NULL,
    event_id uuid NOT NULL,
    event_type text NOT NULL,
    title text NOT NULL,
    body text NOT NULL DEFAULT '',
    subject_type text NOT NULL DEFAULT '',
    subject_id text NOT NULL DEFAULT '',
    project_id text NOT NULL DEFAULT '',
    event bytea NOT NULL,
    read_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, user_name, seq),
    UNIQUE (tenant_id, user_name, event_id),
    FOREIGN KEY (tenant_id, user_name) REFERENCES inbox_users (tenant_id, user_name)
);
CREATE INDEX notifications_unread ON notifications (tenant_id, user_name, seq) WHERE read_at IS NULL;

CREATE TABLE preferences (
    tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
    user_name text NOT NULL,
    muted_event_types text[] NOT NULL DEFAULT '{}',
    version bigint NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, user_name)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['received_events', 'inbox_users', 'notifications', 'preferences'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting(''tandem.tenant_id'')::uuid) '
            'WITH CHECK (tenant_id = current_setting(''tandem.tenant_id'')::uuid)', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tandem_app', t);
    END LOOP;
END
$$;
