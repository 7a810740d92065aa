-- Full-text search over title and text. The index is external-content (it
-- keeps no copy of the text; snippets read the articles table) and is kept
-- in step by triggers, so that every write of an article, by Put or any
-- other path, updates it in the same transaction. prefix='3' indexes
-- three-character prefixes, which the shortest prefix queries need.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id',
	tokenize='unicode61 remove_diacritics 2', prefix='3');
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
	INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles
	WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
	INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

-- Which articles name which corpus-wide entity: the entity ids of the
-- entities JSON column as rows, kept in step by triggers (the pipeline's
-- hook sets the ids after the article is first written, and a revision
-- rewrites them).
CREATE TABLE article_entities (
	article_id INTEGER NOT NULL,
	entity_id  INTEGER NOT NULL,
	mentions   INTEGER NOT NULL,
	PRIMARY KEY (article_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX article_entities_entity ON article_entities(entity_id, article_id);

INSERT INTO article_entities (article_id, entity_id, mentions)
	SELECT a.id, json_extract(e.value, '$.entity_id'), sum(coalesce(json_extract(e.value, '$.mentions'), 0))
	FROM articles a, json_each(a.entities) e
	WHERE json_extract(e.value, '$.entity_id') > 0
	GROUP BY a.id, json_extract(e.value, '$.entity_id');

CREATE TRIGGER article_entities_insert AFTER INSERT ON articles WHEN new.entities <> '[]' BEGIN
	INSERT INTO article_entities (article_id, entity_id, mentions)
		SELECT new.id, json_extract(value, '$.entity_id'), sum(coalesce(json_extract(value, '$.mentions'), 0))
		FROM json_each(new.entities) WHERE json_extract(value, '$.entity_id') > 0
		GROUP BY json_extract(value, '$.entity_id');
END;
CREATE TRIGGER article_entities_update AFTER UPDATE OF entities ON articles
	WHEN old.entities IS NOT new.entities BEGIN
	DELETE FROM article_entities WHERE article_id = old.id;
	INSERT INTO article_entities (article_id, entity_id, mentions)
		SELECT new.id, json_extract(value, '$.entity_id'), sum(coalesce(json_extract(value, '$.mentions'), 0))
		FROM json_each(new.entities) WHERE json_extract(value, '$.entity_id') > 0
		GROUP BY json_extract(value, '$.entity_id');
END;
CREATE TRIGGER article_entities_delete AFTER DELETE ON articles BEGIN
	DELETE FROM article_entities WHERE article_id = old.id;
END;

-- Outlets' first and last dates, and a storyline's articles per day, read
-- from the index alone.
CREATE INDEX articles_outlet_published ON articles(outlet, published);
CREATE INDEX articles_storyline_published ON articles(storyline_id, published);
