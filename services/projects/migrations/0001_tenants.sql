-- The tenants this database holds rows for, one row each, written when the tenant directory
-- provisions a tenant here and deleted (with every other row of the tenant) when it is removed.
-- Every tenant table references it, so no row can outlive its tenant.
CREATE TABLE tenants (
    tenant_id uuid PRIMARY KEY,
    slug text NOT NULL CHECK (slug ~ '^[a-z][a-z0-9-]{1,61}[a-z0-9]$'),
    time_zone text NOT NULL DEFAULT 'UTC',
    provisioned_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (tenant_id = current_setting('tandem.tenant_id')::uuid)
    WITH CHECK (tenant_id = current_setting('tandem.tenant_id')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants TO tandem_app;
