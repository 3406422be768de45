-- The hub's second unique keys lead with the value they are looked up by. With (tenant_id,
-- entity_type, ...) first they shared a prefix with the primary keys, and on a hub without
-- statistics yet (a new database, before autovacuum's first ANALYZE) PostgreSQL could not tell
-- them apart: it planned the foreign-key check of every new mapping (by local id) and the lookup
-- of mappings by local id on the natural-key or remote-id index, a scan of the whole type per
-- row, and kept that plan for the connection. Led by natural_key or remote_id, these indexes
-- serve their own lookups (all three or four columns given) and nothing else.
ALTER TABLE sync_record DROP CONSTRAINT sync_record_natural_uq;
ALTER TABLE sync_record ADD CONSTRAINT sync_record_natural_uq UNIQUE (natural_key, tenant_id, entity_type);
ALTER TABLE sync_mapping DROP CONSTRAINT sync_mapping_remote_uq;
ALTER TABLE sync_mapping ADD CONSTRAINT sync_mapping_remote_uq UNIQUE (remote_id, tenant_id, integration_id, entity_type);
