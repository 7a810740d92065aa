-- An entity's dated articles per month (its page's chart), kept as counts
-- so that a chart reads a few hundred rows, not one row per article: an
-- entity named in a fifth of a million articles charted from the join
-- took most of a second. Built from the published index and the
-- article_entities key, in article order (seconds on a million articles).
-- Months are substr(published, 1, 7) of articles with published >= '0000'
-- (undated ones are not charted); a count that falls to 0 stays as a row
-- and is not read.
CREATE TABLE entity_months (
	entity_id INTEGER NOT NULL,
	month     TEXT NOT NULL,
	articles  INTEGER NOT NULL,
	PRIMARY KEY (entity_id, month)
) WITHOUT ROWID;

INSERT INTO entity_months (entity_id, month, articles)
	SELECT ae.entity_id, substr(a.published, 1, 7), count(*)
	FROM articles a INDEXED BY articles_published CROSS JOIN article_entities ae ON ae.article_id = a.id
	WHERE a.published >= '0000'
	GROUP BY 1, 2;

-- A row of article_entities counts under its article's month when added
-- (article_entities_insert and _update run after the article row is
-- written, so the month read is the new one).
CREATE TRIGGER entity_months_insert AFTER INSERT ON article_entities BEGIN
	INSERT INTO entity_months (entity_id, month, articles)
		SELECT new.entity_id, substr(a.published, 1, 7), 1 FROM articles a
		WHERE a.id = new.article_id AND a.published >= '0000'
		ON CONFLICT (entity_id, month) DO UPDATE SET articles = articles + 1;
END;
-- A row removed while its article stays (the entities changed) uncounts
-- under the article's current month; an article's removal is handled
-- before it goes (entity_months_article_delete), when its month can still
-- be read.
CREATE TRIGGER entity_months_delete AFTER DELETE ON article_entities BEGIN
	UPDATE entity_months SET articles = articles - 1
		WHERE entity_id = old.entity_id
		AND month = (SELECT substr(a.published, 1, 7) FROM articles a WHERE a.id = old.article_id AND a.published >= '0000');
END;
CREATE TRIGGER entity_months_article_delete BEFORE DELETE ON articles WHEN old.published >= '0000' BEGIN
	UPDATE entity_months SET articles = articles - 1
		WHERE month = substr(old.published, 1, 7)
		AND entity_id IN (SELECT entity_id FROM article_entities WHERE article_id = old.id);
END;
-- A new date moves the article's current rows from the old month to the
-- new one, before the row changes: whichever order the entities trigger
-- then runs in, it finds its rows counted under the new month.
CREATE TRIGGER entity_months_redate BEFORE UPDATE OF published ON articles
	WHEN substr(old.published, 1, 7) IS NOT substr(new.published, 1, 7) OR (old.published >= '0000') IS NOT (new.published >= '0000') BEGIN
	UPDATE entity_months SET articles = articles - 1
		WHERE old.published >= '0000' AND month = substr(old.published, 1, 7)
		AND entity_id IN (SELECT entity_id FROM article_entities WHERE article_id = old.id);
	INSERT INTO entity_months (entity_id, month, articles)
		SELECT entity_id, substr(new.published, 1, 7), 1 FROM article_entities
		WHERE article_id = old.id AND new.published >= '0000'
		ON CONFLICT (entity_id, month) DO UPDATE SET articles = articles + 1;
END;
