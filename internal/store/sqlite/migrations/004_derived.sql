-- Events, storylines and the clusterer's working state are stored data,
-- written in the transaction of the articles that change them; an
-- article's identity is its key, and the same content may belong to two
-- articles (a wire story at two outlets).
ALTER TABLE articles ADD COLUMN fetched_url TEXT NOT NULL DEFAULT '';

CREATE TABLE raw_v4 (
	article_id INTEGER NOT NULL REFERENCES articles(id),
	revision   INTEGER NOT NULL,
	hash       TEXT NOT NULL,
	source_id  TEXT NOT NULL,
	origin     TEXT NOT NULL DEFAULT '',
	url        TEXT NOT NULL DEFAULT '',
	format     TEXT NOT NULL,
	hints      TEXT NOT NULL DEFAULT '{}',
	fetched_at TEXT NOT NULL DEFAULT '',
	content    BLOB NOT NULL,
	stored_at  TEXT NOT NULL,
	PRIMARY KEY (article_id, revision)
);
INSERT INTO raw_v4 (article_id, revision, hash, source_id, origin, url, format, hints, fetched_at, content, stored_at)
	SELECT article_id, revision, hash, source_id, origin, url, format, hints, fetched_at, content, stored_at FROM raw;
DROP TABLE raw;
ALTER TABLE raw_v4 RENAME TO raw;
CREATE INDEX raw_hash ON raw(article_id, hash);

-- One row per event ever made; a merged event points at its new home.
CREATE TABLE events (
	id           INTEGER PRIMARY KEY,
	merged_into  INTEGER NOT NULL DEFAULT 0,
	title        TEXT NOT NULL DEFAULT '',
	first_day    TEXT NOT NULL DEFAULT '',
	last_day     TEXT NOT NULL DEFAULT '',
	articles     INTEGER NOT NULL DEFAULT 0,
	originals    INTEGER NOT NULL DEFAULT 0,
	storyline_id INTEGER NOT NULL DEFAULT 0,
	outlets      TEXT NOT NULL DEFAULT '[]',
	key_terms    TEXT NOT NULL DEFAULT '[]',
	key_entities TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX events_latest ON events(last_day DESC, id) WHERE merged_into = 0 AND articles > 0;
CREATE INDEX events_largest ON events(articles DESC, id) WHERE merged_into = 0 AND articles > 0;

CREATE TABLE storylines (
	id           INTEGER PRIMARY KEY,
	merged_into  INTEGER NOT NULL DEFAULT 0,
	title        TEXT NOT NULL DEFAULT '',
	first_day    TEXT NOT NULL DEFAULT '',
	last_day     TEXT NOT NULL DEFAULT '',
	articles     INTEGER NOT NULL DEFAULT 0,
	events       TEXT NOT NULL DEFAULT '[]',
	outlets      TEXT NOT NULL DEFAULT '[]',
	key_entities TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX storylines_latest ON storylines(last_day DESC, id) WHERE merged_into = 0 AND articles > 0;
CREATE INDEX storylines_largest ON storylines(articles DESC, id) WHERE merged_into = 0 AND articles > 0;
CREATE INDEX articles_duplicate ON articles(duplicate_of) WHERE duplicate_of > 0;

-- The clusterer's working state: a snapshot in chunks (a blob is capped at
-- 1 GB) and the journal of what it was told since.
CREATE TABLE cluster_snapshot (
	chunk INTEGER PRIMARY KEY,
	data  BLOB NOT NULL
);
CREATE TABLE cluster_log (
	seq    INTEGER PRIMARY KEY AUTOINCREMENT,
	remove INTEGER NOT NULL DEFAULT 0,
	doc    BLOB NOT NULL
);
-- version counts the batches that changed derived state; upto is the last
-- journal entry the snapshot includes.
CREATE TABLE derived_state (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL,
	upto    INTEGER NOT NULL
);
INSERT INTO derived_state VALUES (1, 0, 0);
