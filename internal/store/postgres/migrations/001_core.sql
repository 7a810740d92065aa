-- The core schema of the PostgreSQL store: the SQLite store's migrations
-- 001-005, 007-009, 011 and 012 in one, with SQLite's table and column
-- names. Differences:
--   * JSON columns are jsonb; raw content, entity data and the clusterer's
--     state are bytea.
--   * Dates stay text as in SQLite, and every text column is COLLATE "C",
--     so that comparisons ('published >= ''0000''') and ordering are
--     bytewise whatever the database's locale, as in SQLite.
--   * Full-text search is the tsvector column articles.search (title
--     weight A, text B) under the text search configuration "storyline":
--     the simple parser without stemming, with unaccent before it when that
--     extension can be created (SQLite's unicode61 remove_diacritics).
--     Queries must use the same configuration: to_tsquery('storyline', ...).
--   * SQLite's triggers are PL/pgSQL trigger functions, keeping the same
--     derived tables in step with every write of an article.

-- unaccent ships with PostgreSQL's contrib and is a trusted extension (a
-- database owner may create it); without it search folds case only.
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent') THEN
		BEGIN
			CREATE EXTENSION IF NOT EXISTS unaccent;
		EXCEPTION WHEN insufficient_privilege OR feature_not_supported THEN
			RAISE NOTICE 'unaccent not available: search does not fold accents';
		END;
	END IF;
END $$;

CREATE TEXT SEARCH CONFIGURATION storyline (COPY = pg_catalog.simple);
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
		ALTER TEXT SEARCH CONFIGURATION storyline
			ALTER MAPPING FOR word, hword, hword_part WITH unaccent, simple;
	END IF;
END $$;

-- Articles: the current revision's extracted fields.
CREATE SEQUENCE articles_id_seq;
CREATE TABLE articles (
	id             BIGINT PRIMARY KEY DEFAULT nextval('articles_id_seq'),
	key            TEXT COLLATE "C" NOT NULL UNIQUE,
	source_id      TEXT COLLATE "C" NOT NULL,
	url            TEXT COLLATE "C" NOT NULL DEFAULT '',
	fetched_url    TEXT COLLATE "C" NOT NULL DEFAULT '',
	outlet         TEXT COLLATE "C" NOT NULL DEFAULT '',
	outlet_from    TEXT COLLATE "C" NOT NULL DEFAULT '',
	republished_by TEXT COLLATE "C" NOT NULL DEFAULT '',
	title          TEXT COLLATE "C" NOT NULL DEFAULT '',
	title_from     TEXT COLLATE "C" NOT NULL DEFAULT '',
	authors        JSONB NOT NULL DEFAULT '[]',
	authors_from   TEXT COLLATE "C" NOT NULL DEFAULT '',
	published      TEXT COLLATE "C" NOT NULL DEFAULT '',
	published_from TEXT COLLATE "C" NOT NULL DEFAULT '',
	language       TEXT COLLATE "C" NOT NULL DEFAULT '',
	site_name      TEXT COLLATE "C" NOT NULL DEFAULT '',
	text           TEXT COLLATE "C" NOT NULL DEFAULT '',
	comments       JSONB NOT NULL DEFAULT '[]',
	entities       JSONB NOT NULL DEFAULT '[]',
	quotes         JSONB NOT NULL DEFAULT '[]',
	claims         JSONB NOT NULL DEFAULT '[]',
	duplicate_of   BIGINT NOT NULL DEFAULT 0,
	event_id       BIGINT NOT NULL DEFAULT 0,
	storyline_id   BIGINT NOT NULL DEFAULT 0,
	revision       INTEGER NOT NULL DEFAULT 1,
	content_hash   TEXT COLLATE "C" NOT NULL,
	ingested_at    TEXT COLLATE "C" NOT NULL,
	updated_at     TEXT COLLATE "C" NOT NULL,
	-- title (weight A) and text (weight B), set by articles_search_*.
	search         TSVECTOR NOT NULL DEFAULT ''
);
ALTER SEQUENCE articles_id_seq OWNED BY articles.id;
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_event ON articles(event_id);
CREATE INDEX articles_storyline ON articles(storyline_id);
CREATE INDEX articles_duplicate ON articles(duplicate_of) WHERE duplicate_of > 0;
CREATE INDEX articles_outlet_published ON articles(outlet, published);
CREATE INDEX articles_storyline_published ON articles(storyline_id, published);
CREATE INDEX articles_search ON articles USING GIN (search);

-- Raw input, one row per stored revision, so that reprocess can re-run
-- extraction. content is DEFLATE-compressed.
CREATE TABLE raw (
	article_id BIGINT NOT NULL REFERENCES articles(id),
	revision   INTEGER NOT NULL,
	hash       TEXT COLLATE "C" NOT NULL,
	source_id  TEXT COLLATE "C" NOT NULL,
	origin     TEXT COLLATE "C" NOT NULL DEFAULT '',
	url        TEXT COLLATE "C" NOT NULL DEFAULT '',
	format     TEXT COLLATE "C" NOT NULL,
	hints      JSONB NOT NULL DEFAULT '{}',
	fetched_at TEXT COLLATE "C" NOT NULL DEFAULT '',
	content    BYTEA NOT NULL,
	stored_at  TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (article_id, revision)
);
CREATE INDEX raw_hash ON raw(article_id, hash);

-- The corpus-wide entity table (internal/analyze/resolve.Registry).
CREATE TABLE entities (
	id         BIGINT PRIMARY KEY,
	name       TEXT COLLATE "C" NOT NULL,
	type       TEXT COLLATE "C" NOT NULL,
	articles   INTEGER NOT NULL,
	first_seen TEXT COLLATE "C" NOT NULL DEFAULT '',
	last_seen  TEXT COLLATE "C" NOT NULL DEFAULT '',
	data       BYTEA NOT NULL
);
CREATE INDEX entities_name ON entities(name);

-- One row per event ever made; a merged event points at its new home.
CREATE TABLE events (
	id           BIGINT PRIMARY KEY,
	merged_into  BIGINT NOT NULL DEFAULT 0,
	title        TEXT COLLATE "C" NOT NULL DEFAULT '',
	first_day    TEXT COLLATE "C" NOT NULL DEFAULT '',
	last_day     TEXT COLLATE "C" NOT NULL DEFAULT '',
	articles     INTEGER NOT NULL DEFAULT 0,
	originals    INTEGER NOT NULL DEFAULT 0,
	storyline_id BIGINT NOT NULL DEFAULT 0,
	outlets      JSONB NOT NULL DEFAULT '[]',
	key_terms    JSONB NOT NULL DEFAULT '[]',
	key_entities JSONB NOT NULL DEFAULT '[]'
);
CREATE INDEX events_latest ON events(last_day DESC, id) WHERE merged_into = 0 AND articles > 0;
CREATE INDEX events_largest ON events(articles DESC, id) WHERE merged_into = 0 AND articles > 0;
CREATE INDEX events_storyline ON events(storyline_id) WHERE merged_into = 0;

CREATE TABLE storylines (
	id           BIGINT PRIMARY KEY,
	merged_into  BIGINT NOT NULL DEFAULT 0,
	title        TEXT COLLATE "C" NOT NULL DEFAULT '',
	first_day    TEXT COLLATE "C" NOT NULL DEFAULT '',
	last_day     TEXT COLLATE "C" NOT NULL DEFAULT '',
	articles     INTEGER NOT NULL DEFAULT 0,
	events       JSONB NOT NULL DEFAULT '[]',
	outlets      JSONB NOT NULL DEFAULT '[]',
	key_entities JSONB NOT NULL DEFAULT '[]'
);
CREATE INDEX storylines_latest ON storylines(last_day DESC, id) WHERE merged_into = 0 AND articles > 0;
CREATE INDEX storylines_largest ON storylines(articles DESC, id) WHERE merged_into = 0 AND articles > 0;

-- The clusterer's working state: a snapshot in chunks and the journal of
-- what it was told since.
CREATE TABLE cluster_snapshot (
	chunk INTEGER PRIMARY KEY,
	data  BYTEA NOT NULL
);
CREATE TABLE cluster_log (
	seq    BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	remove BOOLEAN NOT NULL DEFAULT false,
	doc    BYTEA NOT NULL
);
-- version counts the batches that changed derived state; upto is the last
-- journal entry the snapshot includes. Put locks this row (FOR UPDATE)
-- before its hook runs, so that concurrent writers take turns on derived
-- state.
CREATE TABLE derived_state (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version BIGINT NOT NULL,
	upto    BIGINT NOT NULL
);
INSERT INTO derived_state VALUES (1, 0, 0);

-- Which articles name which corpus-wide entity: the entity ids of the
-- entities JSON column as rows.
CREATE TABLE article_entities (
	article_id BIGINT NOT NULL,
	entity_id  BIGINT NOT NULL,
	mentions   INTEGER NOT NULL,
	PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX article_entities_entity ON article_entities(entity_id, article_id);

-- Who said what: the quotations of the quotes JSON column as rows, with the
-- article's event and storyline. said_on is the quotation's day,
-- '9999-99-99' when undated; quote is the element of the JSON array.
CREATE TABLE quotes (
	article_id   BIGINT NOT NULL,
	idx          INTEGER NOT NULL,
	speaker_id   BIGINT NOT NULL,
	speaker      TEXT COLLATE "C" NOT NULL,
	said_on      TEXT COLLATE "C" NOT NULL,
	direct       BOOLEAN NOT NULL,
	text         TEXT COLLATE "C" NOT NULL,
	quote        JSONB NOT NULL,
	storyline_id BIGINT NOT NULL,
	event_id     BIGINT NOT NULL,
	PRIMARY KEY (article_id, idx)
);
CREATE INDEX quotes_storyline ON quotes(storyline_id, speaker_id, said_on);
CREATE INDEX quotes_speaker ON quotes(speaker_id, said_on);
CREATE INDEX quotes_storyline_said ON quotes(storyline_id, said_on, article_id, idx);

-- An entity's dated articles per month (months are substr(published, 1, 7)
-- of articles with published >= '0000'); a count that falls to 0 stays.
CREATE TABLE entity_months (
	entity_id BIGINT NOT NULL,
	month     TEXT COLLATE "C" NOT NULL,
	articles  INTEGER NOT NULL,
	PRIMARY KEY (entity_id, month)
);

-- A storyline's dated articles per day (its sparkline).
CREATE TABLE storyline_days (
	storyline_id BIGINT NOT NULL,
	day          TEXT COLLATE "C" NOT NULL,
	articles     INTEGER NOT NULL,
	PRIMARY KEY (storyline_id, day)
);

-- Copy links between outlets: each copy (duplicate_of set) with its own
-- and its original's outlet.
CREATE TABLE copy_links (
	copy_id         BIGINT PRIMARY KEY,
	original_id     BIGINT NOT NULL,
	copy_outlet     TEXT COLLATE "C" NOT NULL,
	original_outlet TEXT COLLATE "C" NOT NULL
);
CREATE INDEX copy_links_copy_outlet ON copy_links(copy_outlet, copy_id);
CREATE INDEX copy_links_original_outlet ON copy_links(original_outlet, copy_id);
CREATE INDEX copy_links_original ON copy_links(original_id);

-- Search: the tsvector of title and text. The text is capped at 200,000
-- characters, which keeps any tsvector under PostgreSQL's 1 MB limit.
CREATE FUNCTION articles_search_vector(title TEXT, body TEXT) RETURNS TSVECTOR
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT setweight(to_tsvector('storyline', title), 'A') ||
		setweight(to_tsvector('storyline', left(body, 200000)), 'B')
$$;
CREATE FUNCTION articles_search_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.search := articles_search_vector(NEW.title, NEW.text);
	RETURN NEW;
END $$;
CREATE TRIGGER articles_search_insert BEFORE INSERT ON articles
	FOR EACH ROW EXECUTE FUNCTION articles_search_set();
CREATE TRIGGER articles_search_update BEFORE UPDATE OF title, text ON articles
	FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.text IS DISTINCT FROM NEW.text)
	EXECUTE FUNCTION articles_search_set();

-- article_entities follows the entities column.
CREATE FUNCTION article_entities_add(article BIGINT, ents JSONB) RETURNS void LANGUAGE sql AS $$
	INSERT INTO article_entities (article_id, entity_id, mentions)
		SELECT article, (e->>'entity_id')::bigint, sum(coalesce((e->>'mentions')::bigint, 0))
		FROM jsonb_array_elements(ents) e
		WHERE jsonb_typeof(e->'entity_id') = 'number' AND (e->>'entity_id')::bigint > 0
		GROUP BY (e->>'entity_id')::bigint
$$;
CREATE FUNCTION article_entities_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		DELETE FROM article_entities WHERE article_id = OLD.id;
	END IF;
	IF TG_OP <> 'DELETE' AND NEW.entities <> '[]'::jsonb THEN
		PERFORM article_entities_add(NEW.id, NEW.entities);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER article_entities_insert AFTER INSERT ON articles
	FOR EACH ROW WHEN (NEW.entities <> '[]'::jsonb) EXECUTE FUNCTION article_entities_sync();
CREATE TRIGGER article_entities_update AFTER UPDATE OF entities ON articles
	FOR EACH ROW WHEN (OLD.entities IS DISTINCT FROM NEW.entities) EXECUTE FUNCTION article_entities_sync();
CREATE TRIGGER article_entities_delete AFTER DELETE ON articles
	FOR EACH ROW EXECUTE FUNCTION article_entities_sync();

-- entity_months follows article_entities: a row added counts under its
-- article's month (the article row is already written); a row removed
-- while its article stays uncounts under the article's current month. An
-- article's removal and a new date are handled on articles, before the
-- row changes (entity_months_article).
CREATE FUNCTION entity_months_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO entity_months (entity_id, month, articles)
			SELECT NEW.entity_id, substr(a.published, 1, 7), 1 FROM articles a
			WHERE a.id = NEW.article_id AND a.published >= '0000'
			ON CONFLICT (entity_id, month) DO UPDATE SET articles = entity_months.articles + 1;
	ELSE
		UPDATE entity_months SET articles = articles - 1
			WHERE entity_id = OLD.entity_id
			AND month = (SELECT substr(a.published, 1, 7) FROM articles a
				WHERE a.id = OLD.article_id AND a.published >= '0000');
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER entity_months_insert AFTER INSERT ON article_entities
	FOR EACH ROW EXECUTE FUNCTION entity_months_row();
CREATE TRIGGER entity_months_delete AFTER DELETE ON article_entities
	FOR EACH ROW EXECUTE FUNCTION entity_months_row();

CREATE FUNCTION entity_months_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.published >= '0000' THEN
		UPDATE entity_months SET articles = articles - 1
			WHERE month = substr(OLD.published, 1, 7)
			AND entity_id IN (SELECT entity_id FROM article_entities WHERE article_id = OLD.id);
	END IF;
	IF TG_OP = 'DELETE' THEN
		RETURN OLD;
	END IF;
	IF NEW.published >= '0000' THEN
		INSERT INTO entity_months (entity_id, month, articles)
			SELECT entity_id, substr(NEW.published, 1, 7), 1 FROM article_entities
			WHERE article_id = OLD.id
			ON CONFLICT (entity_id, month) DO UPDATE SET articles = entity_months.articles + 1;
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER entity_months_article_delete BEFORE DELETE ON articles
	FOR EACH ROW WHEN (OLD.published >= '0000') EXECUTE FUNCTION entity_months_article();
CREATE TRIGGER entity_months_redate BEFORE UPDATE OF published ON articles
	FOR EACH ROW WHEN (substr(OLD.published, 1, 7) IS DISTINCT FROM substr(NEW.published, 1, 7)
		OR (OLD.published >= '0000') IS DISTINCT FROM (NEW.published >= '0000'))
	EXECUTE FUNCTION entity_months_article();

-- quotes follows the quotes column, and the article's placement.
CREATE FUNCTION quotes_add(a articles) RETURNS void LANGUAGE sql AS $$
	INSERT INTO quotes (article_id, idx, speaker_id, speaker, said_on, direct, text, quote, storyline_id, event_id)
		SELECT a.id, q.n - 1,
			CASE WHEN jsonb_typeof(q.v->'speaker_id') = 'number' THEN (q.v->>'speaker_id')::bigint ELSE 0 END,
			coalesce(q.v->>'speaker', ''),
			coalesce(nullif(q.v->>'said_on', ''), '9999-99-99'),
			coalesce(q.v->'direct' = 'true'::jsonb, false),
			coalesce(q.v->>'text', ''), q.v, a.storyline_id, a.event_id
		FROM jsonb_array_elements(a.quotes) WITH ORDINALITY AS q(v, n)
$$;
CREATE FUNCTION quotes_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		DELETE FROM quotes WHERE article_id = OLD.id;
	ELSIF TG_OP = 'INSERT' THEN
		PERFORM quotes_add(NEW);
	ELSIF OLD.quotes IS DISTINCT FROM NEW.quotes THEN
		DELETE FROM quotes WHERE article_id = OLD.id;
		PERFORM quotes_add(NEW);
	ELSE
		UPDATE quotes SET storyline_id = NEW.storyline_id, event_id = NEW.event_id WHERE article_id = NEW.id;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER quotes_insert AFTER INSERT ON articles
	FOR EACH ROW WHEN (NEW.quotes <> '[]'::jsonb) EXECUTE FUNCTION quotes_sync();
CREATE TRIGGER quotes_update AFTER UPDATE OF quotes, storyline_id, event_id ON articles
	FOR EACH ROW WHEN (OLD.quotes IS DISTINCT FROM NEW.quotes OR OLD.storyline_id IS DISTINCT FROM NEW.storyline_id
		OR OLD.event_id IS DISTINCT FROM NEW.event_id)
	EXECUTE FUNCTION quotes_sync();
CREATE TRIGGER quotes_delete AFTER DELETE ON articles
	FOR EACH ROW EXECUTE FUNCTION quotes_sync();

-- storyline_days follows placement and dates.
CREATE FUNCTION storyline_days_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' AND OLD.storyline_id > 0 AND OLD.published >= '0000' THEN
		UPDATE storyline_days SET articles = articles - 1
			WHERE storyline_id = OLD.storyline_id AND day = substr(OLD.published, 1, 10);
	END IF;
	IF TG_OP <> 'DELETE' AND NEW.storyline_id > 0 AND NEW.published >= '0000' THEN
		INSERT INTO storyline_days (storyline_id, day, articles)
			VALUES (NEW.storyline_id, substr(NEW.published, 1, 10), 1)
			ON CONFLICT (storyline_id, day) DO UPDATE SET articles = storyline_days.articles + 1;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER storyline_days_insert AFTER INSERT ON articles
	FOR EACH ROW WHEN (NEW.storyline_id > 0 AND NEW.published >= '0000') EXECUTE FUNCTION storyline_days_sync();
CREATE TRIGGER storyline_days_delete AFTER DELETE ON articles
	FOR EACH ROW WHEN (OLD.storyline_id > 0 AND OLD.published >= '0000') EXECUTE FUNCTION storyline_days_sync();
CREATE TRIGGER storyline_days_update AFTER UPDATE OF storyline_id, published ON articles
	FOR EACH ROW WHEN (OLD.storyline_id IS DISTINCT FROM NEW.storyline_id
		OR substr(OLD.published, 1, 10) IS DISTINCT FROM substr(NEW.published, 1, 10)
		OR (OLD.published >= '0000') IS DISTINCT FROM (NEW.published >= '0000'))
	EXECUTE FUNCTION storyline_days_sync();

-- copy_links follows duplicate_of and outlets.
CREATE FUNCTION copy_links_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		DELETE FROM copy_links WHERE copy_id = OLD.id OR original_id = OLD.id;
		RETURN NULL;
	END IF;
	IF TG_OP = 'UPDATE' THEN
		DELETE FROM copy_links WHERE copy_id = OLD.id
			AND (NEW.duplicate_of IS DISTINCT FROM OLD.duplicate_of OR NEW.duplicate_of <= 0);
	END IF;
	IF NEW.duplicate_of > 0 THEN
		INSERT INTO copy_links (copy_id, original_id, copy_outlet, original_outlet)
			SELECT NEW.id, o.id, NEW.outlet, o.outlet FROM articles o WHERE o.id = NEW.duplicate_of
			ON CONFLICT (copy_id) DO UPDATE SET original_id = EXCLUDED.original_id,
				copy_outlet = EXCLUDED.copy_outlet, original_outlet = EXCLUDED.original_outlet;
	END IF;
	IF TG_OP = 'UPDATE' AND NEW.outlet IS DISTINCT FROM OLD.outlet THEN
		UPDATE copy_links SET original_outlet = NEW.outlet WHERE original_id = NEW.id;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER copy_links_insert AFTER INSERT ON articles
	FOR EACH ROW WHEN (NEW.duplicate_of > 0) EXECUTE FUNCTION copy_links_sync();
CREATE TRIGGER copy_links_update AFTER UPDATE OF duplicate_of, outlet ON articles
	FOR EACH ROW EXECUTE FUNCTION copy_links_sync();
CREATE TRIGGER copy_links_delete AFTER DELETE ON articles
	FOR EACH ROW EXECUTE FUNCTION copy_links_sync();
