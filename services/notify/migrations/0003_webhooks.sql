-- Webhooks: the endpoints a tenant registered, one delivery per (webhook, event) with every HTTP
-- attempt, and the global queue the dispatcher claims due deliveries from.

CREATE TABLE webhooks (
    tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
    id uuid NOT NULL,
    url text NOT NULL,
    event_types text[] NOT NULL DEFAULT '{}',
    description text NOT NULL DEFAULT '',
    -- The signing secret. The dispatcher needs it in clear to sign; it is returned by
    -- CreateWebhook only and never exported.
    secret text NOT NULL,
    request_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, request_id)
);

-- One event's delivery to one webhook. The body is the exact JSON that every attempt sends.
-- state: 1 pending, 2 delivered, 3 retrying, 4 dead-lettered (tandem.notify.v1.DeliveryState).
CREATE TABLE webhook_deliveries (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    webhook_id uuid NOT NULL,
    event_id uuid NOT NULL,
    event_type text NOT NULL,
    body text NOT NULL,
    state smallint NOT NULL DEFAULT 1,
    attempt_count integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, webhook_id, event_id),
    FOREIGN KEY (tenant_id, webhook_id) REFERENCES webhooks (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_list ON webhook_deliveries (tenant_id, webhook_id, id DESC);

CREATE TABLE webhook_attempts (
    tenant_id uuid NOT NULL,
    delivery_id uuid NOT NULL,
    number integer NOT NULL,
    attempted_at timestamptz NOT NULL,
    http_status integer NOT NULL DEFAULT 0,
    error text NOT NULL DEFAULT '',
    duration_ms bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, delivery_id, number),
    FOREIGN KEY (tenant_id, delivery_id) REFERENCES webhook_deliveries (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['webhooks', 'webhook_deliveries', 'webhook_attempts'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting(''tandem.tenant_id'')::uuid) '
            'WITH CHECK (tenant_id = current_setting(''tandem.tenant_id'')::uuid)', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tandem_app', t);
    END LOOP;
END
$$;

-- Which deliveries are due, across tenants: ids and times only, never a body or a URL. The
-- dispatcher claims rows with FOR UPDATE SKIP LOCKED, leasing them (due_at moves past the lease)
-- under a fresh claim_token, then reads and records the delivery in its tenant's transaction;
-- only the holder of the current token records, so a claim whose lease ran out and was taken
-- over records nothing. A row whose delivery is gone (webhook or tenant deleted) is dropped when
-- claimed.
CREATE TABLE webhook_queue (
    tenant_id uuid NOT NULL,
    delivery_id uuid NOT NULL,
    due_at timestamptz NOT NULL DEFAULT now(),
    claim_token uuid,
    PRIMARY KEY (tenant_id, delivery_id)
);
COMMENT ON TABLE webhook_queue IS 'tandem:global webhook delivery queue (ids and times only)';
CREATE INDEX webhook_queue_due ON webhook_queue (due_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_queue TO tandem_app;
