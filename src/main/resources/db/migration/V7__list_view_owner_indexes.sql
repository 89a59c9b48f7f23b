-- The read-your-writes check of list (ListView.coversLog) sums the versions of a caller's
-- projects in the view, deleted ones included: an index per owner kind over every row (the
-- list's own indexes leave tombstones out), carrying what the check reads.
CREATE INDEX project_list_view_author_versions ON project_list_view (workspace_id, author)
    INCLUDE (scope, organization, version);
CREATE INDEX project_list_view_organization_versions ON project_list_view (workspace_id, organization)
    INCLUDE (scope, version);
