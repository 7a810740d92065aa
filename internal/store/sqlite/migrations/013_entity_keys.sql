-- The resolver's index keys of each entity (store.Derived.EntityKeys), so
-- that a placer can hold only the active part of the entity table and read
-- the rest by key. Keys cannot be computed in SQL: a store with entities
-- gets a marker row (key '!backfill', entity 0) that tells the placer to
-- file them on its first load, which also deletes the marker.
CREATE TABLE entity_keys (
	key TEXT NOT NULL,
	entity_id INTEGER NOT NULL,
	PRIMARY KEY (key, entity_id)
) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys (entity_id);
INSERT INTO entity_keys (key, entity_id) SELECT '!backfill', 0 WHERE EXISTS (SELECT 1 FROM entities);
