-- The tenant directory: every tenant of the deployment, its state and its placement, and the API
-- keys that authenticate its callers. These tables are global (the directory answers for all
-- tenants: an API key is resolved before its tenant is known), so they live only on the
-- directory's own cluster and carry no row-level policy; only tandem-projects reads them.
CREATE TABLE directory_tenants (
    id uuid PRIMARY KEY,
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{1,61}[a-z0-9]$'),
    display_name text NOT NULL DEFAULT '',
    state text NOT NULL CHECK (state IN ('provisioning', 'active', 'suspended', 'deleting')),
    state_detail text NOT NULL DEFAULT '',
    cluster text NOT NULL,
    time_zone text NOT NULL DEFAULT 'UTC',
    suspension_reason text NOT NULL DEFAULT '',
    request_id text UNIQUE,
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE directory_tenants IS 'tandem:global the tenant directory';
CREATE INDEX directory_tenants_cluster ON directory_tenants (cluster) WHERE state <> 'deleting';

CREATE TABLE api_keys (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES directory_tenants (id) ON DELETE CASCADE,
    name text NOT NULL DEFAULT '',
    scopes text[] NOT NULL,
    prefix text NOT NULL,
    key_hash bytea NOT NULL UNIQUE,
    request_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    UNIQUE (tenant_id, request_id)
);
COMMENT ON TABLE api_keys IS 'tandem:global API keys, resolved by hash before the tenant is known';
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at, id);

GRANT SELECT, INSERT, UPDATE, DELETE ON directory_tenants, api_keys TO tandem_app;
