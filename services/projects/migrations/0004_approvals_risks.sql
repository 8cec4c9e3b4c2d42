-- Approvals that gate milestones, and the risk register. Tenant tables under forced RLS.

-- state holds ApprovalState (1 pending, 2 approved, 3 rejected).
CREATE TABLE project_approvals (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    milestone_id uuid NOT NULL,
    approver text NOT NULL CHECK (char_length(approver) BETWEEN 1 AND 200),
    requester text NOT NULL DEFAULT '',
    state smallint NOT NULL CHECK (state BETWEEN 1 AND 3),
    comment text NOT NULL DEFAULT '',
    decision_comment text NOT NULL DEFAULT '',
    decided_by text NOT NULL DEFAULT '',
    requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    decided_at timestamptz,
    version bigint NOT NULL DEFAULT 1,
    request_id text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, milestone_id, request_id),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id),
    FOREIGN KEY (tenant_id, milestone_id) REFERENCES project_milestones (tenant_id, id)
);
-- One pending approval per approver and milestone.
CREATE UNIQUE INDEX project_approvals_pending ON project_approvals (tenant_id, milestone_id, approver) WHERE state = 1;
CREATE INDEX project_approvals_project ON project_approvals (tenant_id, project_id, requested_at, id);

-- status holds RiskStatus (1 open … 5 closed).
CREATE TABLE project_risks (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '',
    likelihood smallint NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact smallint NOT NULL CHECK (impact BETWEEN 1 AND 5),
    owner text NOT NULL DEFAULT '',
    mitigation text NOT NULL DEFAULT '',
    status smallint NOT NULL CHECK (status BETWEEN 1 AND 5),
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL DEFAULT '',
    request_id text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, project_id, request_id),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id)
);
CREATE INDEX project_risks_project ON project_risks (tenant_id, project_id);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['project_approvals', 'project_risks'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting(''tandem.tenant_id'')::uuid) '
            'WITH CHECK (tenant_id = current_setting(''tandem.tenant_id'')::uuid)', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tandem_app', t);
    END LOOP;
END
$$;
