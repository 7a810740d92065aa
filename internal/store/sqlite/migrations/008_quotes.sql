-- Who said what: the quotations of the quotes JSON column as rows, kept in
-- step by triggers like article_entities (migration 005), with the
-- article's event and storyline, so that a storyline's, a speaker's or an
-- article's quotations are read a page at a time in the order said.
-- said_on is the quotation's day, '9999-99-99' when undated (last); quote
-- is the element of the JSON array as stored.
CREATE TABLE quotes (
	article_id   INTEGER NOT NULL,
	idx          INTEGER NOT NULL,
	speaker_id   INTEGER NOT NULL,
	speaker      TEXT NOT NULL,
	said_on      TEXT NOT NULL,
	direct       INTEGER NOT NULL,
	text         TEXT NOT NULL,
	quote        TEXT NOT NULL,
	storyline_id INTEGER NOT NULL,
	event_id     INTEGER NOT NULL,
	PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;
CREATE INDEX quotes_storyline ON quotes(storyline_id, speaker_id, said_on);
CREATE INDEX quotes_speaker ON quotes(speaker_id, said_on);
CREATE INDEX quotes_storyline_said ON quotes(storyline_id, said_on, article_id, idx);

INSERT INTO quotes (article_id, idx, speaker_id, speaker, said_on, direct, text, quote, storyline_id, event_id)
	SELECT a.id, q.key, coalesce(json_extract(q.value, '$.speaker_id'), 0), coalesce(json_extract(q.value, '$.speaker'), ''),
		coalesce(nullif(json_extract(q.value, '$.said_on'), ''), '9999-99-99'), coalesce(json_extract(q.value, '$.direct'), 0),
		coalesce(json_extract(q.value, '$.text'), ''), q.value, a.storyline_id, a.event_id
	FROM articles a, json_each(a.quotes) q
	WHERE a.quotes <> '[]';

CREATE TRIGGER quotes_insert AFTER INSERT ON articles WHEN new.quotes <> '[]' BEGIN
	INSERT INTO quotes (article_id, idx, speaker_id, speaker, said_on, direct, text, quote, storyline_id, event_id)
		SELECT new.id, key, coalesce(json_extract(value, '$.speaker_id'), 0), coalesce(json_extract(value, '$.speaker'), ''),
			coalesce(nullif(json_extract(value, '$.said_on'), ''), '9999-99-99'), coalesce(json_extract(value, '$.direct'), 0),
			coalesce(json_extract(value, '$.text'), ''), value, new.storyline_id, new.event_id
		FROM json_each(new.quotes);
END;
CREATE TRIGGER quotes_update AFTER UPDATE OF quotes ON articles
	WHEN old.quotes IS NOT new.quotes BEGIN
	DELETE FROM quotes WHERE article_id = old.id;
	INSERT INTO quotes (article_id, idx, speaker_id, speaker, said_on, direct, text, quote, storyline_id, event_id)
		SELECT new.id, key, coalesce(json_extract(value, '$.speaker_id'), 0), coalesce(json_extract(value, '$.speaker'), ''),
			coalesce(nullif(json_extract(value, '$.said_on'), ''), '9999-99-99'), coalesce(json_extract(value, '$.direct'), 0),
			coalesce(json_extract(value, '$.text'), ''), value, new.storyline_id, new.event_id
		FROM json_each(new.quotes);
END;
-- A placement that changes without the quotes (the clusterer moving an
-- article) moves its quotations along.
CREATE TRIGGER quotes_place AFTER UPDATE OF storyline_id, event_id ON articles
	WHEN old.quotes IS new.quotes AND (old.storyline_id IS NOT new.storyline_id OR old.event_id IS NOT new.event_id) BEGIN
	UPDATE quotes SET storyline_id = new.storyline_id, event_id = new.event_id WHERE article_id = new.id;
END;
CREATE TRIGGER quotes_delete AFTER DELETE ON articles BEGIN
	DELETE FROM quotes WHERE article_id = old.id;
END;

-- A storyline's events in one read.
CREATE INDEX events_storyline ON events(storyline_id) WHERE merged_into = 0;
