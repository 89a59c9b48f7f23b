-- The list view is rebuilt beside the live one (ReadModelRebuild): a copy of project_list_view under
-- the same name in schema list_rebuild, caught up from the log while list reads the live one, then
-- swapped in by list_view_swap() in one short transaction. The same name, columns and indexes, so
-- the service's statements (prepared by name) read the new table as soon as the swap commits.
CREATE SCHEMA IF NOT EXISTS list_rebuild;

-- An empty copy of the live view in list_rebuild: its columns in their order, defaults, checks,
-- keys and indexes under their own names (a left-over copy of an interrupted rebuild is dropped).
CREATE OR REPLACE FUNCTION list_view_prepare_next() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    live regclass := 'project_list_view'::regclass;
    live_schema text := (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE c.oid = 'project_list_view'::regclass);
    r record;
BEGIN
    DROP TABLE IF EXISTS list_rebuild.project_list_view;
    EXECUTE format('CREATE TABLE list_rebuild.project_list_view (LIKE %s INCLUDING DEFAULTS'
                   ' INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)', live);
    FOR r IN SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
             WHERE conrelid = live AND contype IN ('p', 'u', 'x') LOOP
        EXECUTE format('ALTER TABLE list_rebuild.project_list_view ADD CONSTRAINT %I %s', r.conname, r.def);
    END LOOP;
    FOR r IN SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i WHERE i.indrelid = live
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = live) LOOP
        EXECUTE replace(r.def, format(' ON %I.project_list_view ', live_schema),
                        ' ON list_rebuild.project_list_view ');
    END LOOP;
END $$;

-- The swap: the live view dropped, the copy moved into its schema. The caller holds the live view
-- locked (no projector write in between) and commits right after.
CREATE OR REPLACE FUNCTION list_view_swap() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    live_schema text := (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE c.oid = 'project_list_view'::regclass);
BEGIN
    EXECUTE format('DROP TABLE %I.project_list_view', live_schema);
    EXECUTE format('ALTER TABLE list_rebuild.project_list_view SET SCHEMA %I', live_schema);
END $$;
