-- Who said what (internal/analyze) and clustering (internal/cluster).
ALTER TABLE articles ADD COLUMN entities TEXT NOT NULL DEFAULT '[]';
ALTER TABLE articles ADD COLUMN quotes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE articles ADD COLUMN claims TEXT NOT NULL DEFAULT '[]';
ALTER TABLE articles ADD COLUMN duplicate_of INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN event_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN storyline_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX articles_event ON articles(event_id);
CREATE INDEX articles_storyline ON articles(storyline_id);
