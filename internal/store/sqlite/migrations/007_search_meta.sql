-- Filters in the search index: a third column, meta, holds one token per
-- filterable field of an article, so that a filtered search intersects
-- doclists inside FTS5 instead of testing the matches row by row:
--   o<hex of outlet>   the outlet (its first 32 bytes; Search re-checks it)
--   l<hex of language> the language
--   y2019, m201903     the published year and month (date ranges become
--                      an OR of years and months, re-checked exactly)
-- The tokens are letters and hex digits only, so unicode61 keeps each whole.
-- The content is a view over articles, which computes meta; the user's
-- words are searched in title and text only, and meta weighs 0 in BM25.
-- Storyline and entity are not tokens: placement rewrites storyline ids
-- often, and re-indexing an article's text for each would cost every run.
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TABLE articles_fts;

CREATE VIEW articles_search (id, title, text, meta) AS SELECT id, title, text, trim(
	CASE WHEN outlet <> '' THEN 'o' || substr(hex(outlet), 1, 64) ELSE '' END ||
	CASE WHEN language <> '' THEN ' l' || substr(hex(language), 1, 32) ELSE '' END ||
	CASE WHEN published GLOB '[0-9][0-9][0-9][0-9]*' THEN ' y' || substr(published, 1, 4) ELSE '' END ||
	CASE WHEN published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' THEN ' m' || substr(published, 1, 4) || substr(published, 6, 2) ELSE '' END)
	FROM articles;

CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, meta, content='articles_search', content_rowid='id',
	tokenize='unicode61 remove_diacritics 2', prefix='3');
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
	INSERT INTO articles_fts(rowid, title, text, meta) SELECT id, title, text, meta FROM articles_search WHERE id = new.id;
END;
-- Before the delete and the update, while the view still shows the indexed
-- row: FTS5 removes exactly the tokens it is given.
CREATE TRIGGER articles_fts_delete BEFORE DELETE ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text, meta)
		SELECT 'delete', id, title, text, meta FROM articles_search WHERE id = old.id;
END;
CREATE TRIGGER articles_fts_update_before BEFORE UPDATE OF title, text, outlet, language, published ON articles
	WHEN old.title IS NOT new.title OR old.text IS NOT new.text OR old.outlet IS NOT new.outlet
		OR old.language IS NOT new.language OR old.published IS NOT new.published BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text, meta)
		SELECT 'delete', id, title, text, meta FROM articles_search WHERE id = old.id;
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, outlet, language, published ON articles
	WHEN old.title IS NOT new.title OR old.text IS NOT new.text OR old.outlet IS NOT new.outlet
		OR old.language IS NOT new.language OR old.published IS NOT new.published BEGIN
	INSERT INTO articles_fts(rowid, title, text, meta) SELECT id, title, text, meta FROM articles_search WHERE id = new.id;
END;
