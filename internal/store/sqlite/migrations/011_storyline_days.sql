-- A storyline's dated articles per day (its sparkline), kept as counts like
-- entity_months (migration 009): the sparkline of a 20,000-article
-- storyline read from the articles cost 12 ms a page. Days are
-- substr(published, 1, 10) of articles with published >= '0000' and a
-- storyline; a count that falls to 0 stays as a row and is not read.
CREATE TABLE storyline_days (
	storyline_id INTEGER NOT NULL,
	day          TEXT NOT NULL,
	articles     INTEGER NOT NULL,
	PRIMARY KEY (storyline_id, day)
) WITHOUT ROWID;

INSERT INTO storyline_days (storyline_id, day, articles)
	SELECT storyline_id, substr(published, 1, 10), count(*) FROM articles
	WHERE storyline_id > 0 AND published >= '0000'
	GROUP BY 1, 2;

CREATE TRIGGER storyline_days_insert AFTER INSERT ON articles
	WHEN new.storyline_id > 0 AND new.published >= '0000' BEGIN
	INSERT INTO storyline_days (storyline_id, day, articles)
		VALUES (new.storyline_id, substr(new.published, 1, 10), 1)
		ON CONFLICT (storyline_id, day) DO UPDATE SET articles = articles + 1;
END;
CREATE TRIGGER storyline_days_delete AFTER DELETE ON articles
	WHEN old.storyline_id > 0 AND old.published >= '0000' BEGIN
	UPDATE storyline_days SET articles = articles - 1
		WHERE storyline_id = old.storyline_id AND day = substr(old.published, 1, 10);
END;
-- Placement (the clusterer moving or merging storylines) and a new date
-- move the article's count.
CREATE TRIGGER storyline_days_update AFTER UPDATE OF storyline_id, published ON articles
	WHEN old.storyline_id IS NOT new.storyline_id OR substr(old.published, 1, 10) IS NOT substr(new.published, 1, 10)
	OR (old.published >= '0000') IS NOT (new.published >= '0000') BEGIN
	UPDATE storyline_days SET articles = articles - 1
		WHERE old.storyline_id > 0 AND old.published >= '0000'
		AND storyline_id = old.storyline_id AND day = substr(old.published, 1, 10);
	INSERT INTO storyline_days (storyline_id, day, articles)
		SELECT new.storyline_id, substr(new.published, 1, 10), 1 WHERE new.storyline_id > 0 AND new.published >= '0000'
		ON CONFLICT (storyline_id, day) DO UPDATE SET articles = articles + 1;
END;
