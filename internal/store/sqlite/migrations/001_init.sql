-- Articles: the current revision's extracted fields.
CREATE TABLE articles (
	id             INTEGER PRIMARY KEY,
	key            TEXT NOT NULL UNIQUE,
	source_id      TEXT NOT NULL,
	url            TEXT NOT NULL DEFAULT '',
	outlet         TEXT NOT NULL DEFAULT '',
	outlet_from    TEXT NOT NULL DEFAULT '',
	republished_by TEXT NOT NULL DEFAULT '',
	title          TEXT NOT NULL DEFAULT '',
	title_from     TEXT NOT NULL DEFAULT '',
	authors        TEXT NOT NULL DEFAULT '[]',
	authors_from   TEXT NOT NULL DEFAULT '',
	published      TEXT NOT NULL DEFAULT '',
	published_from TEXT NOT NULL DEFAULT '',
	language       TEXT NOT NULL DEFAULT '',
	site_name      TEXT NOT NULL DEFAULT '',
	text           TEXT NOT NULL DEFAULT '',
	comments       TEXT NOT NULL DEFAULT '[]',
	revision       INTEGER NOT NULL DEFAULT 1,
	content_hash   TEXT NOT NULL,
	ingested_at    TEXT NOT NULL,
	updated_at     TEXT NOT NULL
);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);

-- Raw input, one row per stored revision, so that reprocess can re-run
-- extraction. content is DEFLATE-compressed.
CREATE TABLE raw (
	hash       TEXT PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles(id),
	revision   INTEGER NOT NULL,
	source_id  TEXT NOT NULL,
	origin     TEXT NOT NULL DEFAULT '',
	url        TEXT NOT NULL DEFAULT '',
	format     TEXT NOT NULL,
	hints      TEXT NOT NULL DEFAULT '{}',
	fetched_at TEXT NOT NULL DEFAULT '',
	content    BLOB NOT NULL,
	stored_at  TEXT NOT NULL
);
CREATE INDEX raw_article ON raw(article_id, revision);
