-- Following the news live (issue 18): subscriptions, the items seen in them
-- (which are also the fetch queue), watchlists, their hits and webhook
-- deliveries. Everything a restart needs is here, so that a poller killed
-- at any point loses no item and stores none twice. Times are RFC 3339 UTC.
CREATE TABLE feeds (
	id            INTEGER PRIMARY KEY,
	url           TEXT NOT NULL UNIQUE,
	title         TEXT NOT NULL DEFAULT '',
	kind          TEXT NOT NULL DEFAULT '',   -- rss, atom, json, sitemap, sitemapindex: from content
	every_s       INTEGER NOT NULL,
	allow_private INTEGER NOT NULL DEFAULT 0,   -- the user allowed loopback and private addresses for it
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	ttl_s         INTEGER NOT NULL DEFAULT 0,   -- the feed's own ttl, a floor on every_s
	max_age_s     INTEGER NOT NULL DEFAULT 0,   -- Cache-Control max-age of the last answer
	created_at    TEXT NOT NULL,
	last_poll     TEXT NOT NULL DEFAULT '',
	last_status   INTEGER NOT NULL DEFAULT 0,
	last_new      TEXT NOT NULL DEFAULT '',
	next_poll     TEXT NOT NULL,
	failures      INTEGER NOT NULL DEFAULT 0,   -- consecutive, for backoff
	errors        INTEGER NOT NULL DEFAULT 0,   -- all errors ever
	last_error    TEXT NOT NULL DEFAULT '',
	polls         INTEGER NOT NULL DEFAULT 0,
	not_modified  INTEGER NOT NULL DEFAULT 0,
	items         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feeds_due ON feeds(next_poll);

-- An item is one article a feed announced, identified by its normalised
-- link (across feeds: two feeds announcing one page fetch it once) and by
-- its GUID within its feed. version hashes what the feed says of it, so a
-- changed title, date or content queues it again as a revision. doc is the
-- feed's document (JSON): the evidence kept beside what the page says, and
-- the content itself when the feed carries the full article.
CREATE TABLE feed_items (
	id         INTEGER PRIMARY KEY,
	feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
	url_key    TEXT,                           -- NULL when the item has no link
	guid       TEXT NOT NULL DEFAULT '',
	version    TEXT NOT NULL,
	doc        TEXT NOT NULL,
	summary    INTEGER NOT NULL,               -- 1: fetch the page
	state      TEXT NOT NULL,                  -- queued, stored, failed
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_try   TEXT NOT NULL DEFAULT '',
	last_error TEXT NOT NULL DEFAULT '',
	article_id INTEGER NOT NULL DEFAULT 0,
	fetches    INTEGER NOT NULL DEFAULT 0,     -- pages fetched for it: 1 per version
	seen_at    TEXT NOT NULL,
	stored_at  TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX feed_items_url ON feed_items(url_key) WHERE url_key IS NOT NULL;
CREATE INDEX feed_items_guid ON feed_items(feed_id, guid);
CREATE INDEX feed_items_queue ON feed_items(next_try) WHERE state = 'queued';
CREATE INDEX feed_items_feed ON feed_items(feed_id, id);

CREATE TABLE watchlists (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL DEFAULT '',
	query        TEXT NOT NULL DEFAULT '',
	entity       TEXT NOT NULL DEFAULT '',
	storyline_id INTEGER NOT NULL DEFAULT 0,
	webhook      TEXT NOT NULL DEFAULT '',
	secret       TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	cursor       INTEGER NOT NULL DEFAULT 0    -- the last article id matched against
);

CREATE TABLE watch_hits (
	id         INTEGER PRIMARY KEY,
	watch_id   INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,                  -- article, quote
	article_id INTEGER NOT NULL,
	quote_idx  INTEGER NOT NULL DEFAULT -1,
	found_at   TEXT NOT NULL,
	UNIQUE (watch_id, article_id, quote_idx)
);
CREATE INDEX watch_hits_watch ON watch_hits(watch_id, id);

-- One webhook POST of a batch of hits, retried with backoff; every attempt
-- is logged in delivery_attempts.
CREATE TABLE deliveries (
	id         INTEGER PRIMARY KEY,
	watch_id   INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
	first_hit  INTEGER NOT NULL,
	last_hit   INTEGER NOT NULL,
	state      TEXT NOT NULL,                  -- pending, delivered, failed
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_try   TEXT NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX deliveries_due ON deliveries(next_try) WHERE state = 'pending';

CREATE TABLE delivery_attempts (
	delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
	attempt     INTEGER NOT NULL,
	at          TEXT NOT NULL,
	status      INTEGER NOT NULL,
	error       TEXT NOT NULL DEFAULT '',
	duration_ms INTEGER NOT NULL,
	PRIMARY KEY (delivery_id, attempt)
) WITHOUT ROWID;
