-- list-templates looks across every workspace of an organization: its read-your-writes check
-- (project_streams) and its query (project_list_view) need the organization without a workspace.
CREATE INDEX project_streams_org_scope ON project_streams (organization) WHERE scope = 'organization';
CREATE INDEX project_list_view_org_templates ON project_list_view (organization)
    WHERE scope = 'organization' AND NOT deleted AND metadata @> '{"is_template": true}';
