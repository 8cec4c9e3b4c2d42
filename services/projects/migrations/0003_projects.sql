-- Projects and what plans them: phases, milestones, members, work items (references to tasks
-- of tandem-tasks, never a copy of their state) and the dependencies between items. Every table
-- follows the tenancy rules of migration 0001 (tenant_id leads every key; RLS forced).

-- status holds tandem.projects.v1.ProjectStatus (1-5); calendar an encoded WorkingCalendar.
CREATE TABLE projects (
    tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
    id uuid NOT NULL,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    outcome text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '',
    owner text NOT NULL,
    status smallint NOT NULL CHECK (status BETWEEN 1 AND 5),
    start_date date NOT NULL,
    target_date date,
    calendar bytea NOT NULL DEFAULT '\x',
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL DEFAULT '',
    archived_at timestamptz,
    request_id text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, request_id)
);
CREATE INDEX projects_created ON projects (tenant_id, created_at, id);
CREATE INDEX projects_owner ON projects (tenant_id, owner);

-- depth holds PhaseDepth (1 detailed, 2 rough).
CREATE TABLE project_phases (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    position integer NOT NULL CHECK (position >= 1),
    depth smallint NOT NULL CHECK (depth IN (1, 2)),
    rough_estimate_days double precision NOT NULL DEFAULT 0 CHECK (rough_estimate_days >= 0),
    description text NOT NULL DEFAULT '',
    start_date date,
    end_date date,
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
CREATE INDEX project_phases_order ON project_phases (tenant_id, project_id, position, id);

CREATE TABLE project_milestones (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    phase_id uuid,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '',
    target_date date,
    reached_at timestamptz,
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL DEFAULT '',
    request_id text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, project_id, request_id),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id),
    FOREIGN KEY (tenant_id, phase_id) REFERENCES project_phases (tenant_id, id)
);
CREATE INDEX project_milestones_project ON project_milestones (tenant_id, project_id, target_date, id);

-- role holds MemberRole (1-5).
CREATE TABLE project_members (
    tenant_id uuid NOT NULL,
    project_id uuid NOT NULL,
    user_name text NOT NULL CHECK (char_length(user_name) BETWEEN 1 AND 200),
    role smallint NOT NULL CHECK (role BETWEEN 1 AND 5),
    added_at timestamptz NOT NULL DEFAULT now(),
    added_by text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, project_id, user_name),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id)
);
CREATE INDEX project_members_user ON project_members (tenant_id, user_name);

-- A task of tandem-tasks that is a work item of a project: the reference only.
CREATE TABLE project_work_items (
    tenant_id uuid NOT NULL,
    task_id uuid NOT NULL,
    project_id uuid NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, task_id),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id)
);
CREATE INDEX project_work_items_project ON project_work_items (tenant_id, project_id);

-- kind: 1 a task (work item), 2 a milestone. type holds DependencyType (1-4).
CREATE TABLE project_dependencies (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    predecessor_kind smallint NOT NULL CHECK (predecessor_kind IN (1, 2)),
    predecessor_id uuid NOT NULL,
    successor_kind smallint NOT NULL CHECK (successor_kind IN (1, 2)),
    successor_id uuid NOT NULL,
    type smallint NOT NULL CHECK (type BETWEEN 1 AND 4),
    lag_days integer NOT NULL CHECK (lag_days BETWEEN -3650 AND 3650),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT '',
    request_id text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, project_id, predecessor_id, successor_id, type),
    UNIQUE (tenant_id, project_id, request_id),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id),
    CHECK (predecessor_id <> successor_id)
);
CREATE INDEX project_dependencies_project ON project_dependencies (tenant_id, project_id, created_at, id);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['projects', 'project_phases', 'project_milestones', 'project_members',
                             'project_work_items', 'project_dependencies'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting(''tandem.tenant_id'')::uuid) '
            'WITH CHECK (tenant_id = current_setting(''tandem.tenant_id'')::uuid)', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tandem_app', t);
    END LOOP;
END
$$;
