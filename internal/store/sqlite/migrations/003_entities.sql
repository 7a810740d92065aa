-- The corpus-wide entity table (internal/analyze/resolve.Registry).
CREATE TABLE entities (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	type       TEXT NOT NULL,
	articles   INTEGER NOT NULL,
	first_seen TEXT NOT NULL DEFAULT '',
	last_seen  TEXT NOT NULL DEFAULT '',
	data       BLOB NOT NULL
);
CREATE INDEX entities_name ON entities(name);
