-- Search reads words as the SQLite store's unicode61 tokenizer does: runs
-- of letters and digits, everything else a separator. PostgreSQL's parser
-- alone keeps U.S. as one word 'u.s', a hyphenated word as three
-- (title-only, title, only: a phrase across it no longer matches) and an
-- address or a URL whole, so that a word inside one is not found. The
-- vector is made of the text with every run of other characters turned
-- into one space, and the query's words (fts.ParseQuery) go through the
-- same configuration: both sides have the same lexemes and positions.
--
-- [:alnum:] follows the collation of its input, and the articles' columns
-- are COLLATE "C", under which no letter beyond ASCII is alphanumeric: the
-- text is read under ICU's root collation when PostgreSQL has ICU, else
-- under the database's default when that is a UTF-8 locale; failing both,
-- the parser's own reading (migration 001) is kept.
DO $$
DECLARE
	coll TEXT;
BEGIN
	IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN
		coll := '"und-x-icu"';
	ELSIF 'é' COLLATE "default" ~ '^[[:alnum:]]$' THEN
		coll := '"default"';
	END IF;
	IF coll IS NOT NULL THEN
		EXECUTE format($f$
			CREATE OR REPLACE FUNCTION articles_search_vector(title TEXT, body TEXT) RETURNS TSVECTOR
			LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $b$
				SELECT setweight(to_tsvector('storyline', regexp_replace(title COLLATE %1$s, '[^[:alnum:]]+', ' ', 'g')), 'A') ||
					setweight(to_tsvector('storyline', regexp_replace(left(body, 200000) COLLATE %1$s, '[^[:alnum:]]+', ' ', 'g')), 'B')
			$b$ $f$, coll);
	END IF;
	-- A word of letters and digits beyond ASCII (Zürich2) is a numword:
	-- fold its accents too.
	IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
		ALTER TEXT SEARCH CONFIGURATION storyline
			ALTER MAPPING FOR numword, numhword WITH unaccent, simple;
	END IF;
END $$;

-- search_tokens is the article's length in words, title and text (the
-- vector's positions), which BM25 weighs against the average.
ALTER TABLE articles ADD COLUMN search_tokens INTEGER NOT NULL DEFAULT 0;
CREATE OR REPLACE FUNCTION articles_search_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.search := articles_search_vector(NEW.title, NEW.text);
	NEW.search_tokens := (SELECT coalesce(sum(cardinality(positions)), 0) FROM unnest(NEW.search));
	RETURN NEW;
END $$;

UPDATE articles a SET search = v.search,
		search_tokens = (SELECT coalesce(sum(cardinality(positions)), 0) FROM unnest(v.search))
	FROM (SELECT id, articles_search_vector(title, text) AS search FROM articles) v WHERE v.id = a.id;
