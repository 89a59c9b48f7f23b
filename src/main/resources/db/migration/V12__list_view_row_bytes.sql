-- The JSON bytes a list item's name, description and metadata take, written with the row, so a page of
-- list or list-templates stops at projects.limits.page-max-bytes without reading anything it leaves out.
ALTER TABLE project_list_view ADD COLUMN row_bytes INT NOT NULL DEFAULT 0;
UPDATE project_list_view SET row_bytes = octet_length(metadata::text) + coalesce(octet_length(name), 0)
    + coalesce(octet_length(description), 0);
