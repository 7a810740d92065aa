-- Copy links between outlets, kept by triggers: each copy (an article whose
-- duplicate_of is set) with its own and its original's outlet, so that an
-- outlet's copies of others and others' copies of it are index ranges,
-- newest first. Found from the articles, an outlet of 190,000 articles on a
-- 1M store took 1.3 s to list and count them (a probe per article).
CREATE TABLE copy_links (
	copy_id         INTEGER PRIMARY KEY,
	original_id     INTEGER NOT NULL,
	copy_outlet     TEXT NOT NULL,
	original_outlet TEXT NOT NULL
);
INSERT INTO copy_links (copy_id, original_id, copy_outlet, original_outlet)
	SELECT c.id, o.id, c.outlet, o.outlet FROM articles c JOIN articles o ON o.id = c.duplicate_of
	WHERE c.duplicate_of > 0;
CREATE INDEX copy_links_copy_outlet ON copy_links(copy_outlet, copy_id);
CREATE INDEX copy_links_original_outlet ON copy_links(original_outlet, copy_id);
CREATE INDEX copy_links_original ON copy_links(original_id);

CREATE TRIGGER copy_links_insert AFTER INSERT ON articles WHEN new.duplicate_of > 0 BEGIN
	INSERT OR REPLACE INTO copy_links (copy_id, original_id, copy_outlet, original_outlet)
		SELECT new.id, o.id, new.outlet, o.outlet FROM articles o WHERE o.id = new.duplicate_of;
END;
CREATE TRIGGER copy_links_update AFTER UPDATE OF duplicate_of, outlet ON articles BEGIN
	DELETE FROM copy_links WHERE copy_id = old.id AND (new.duplicate_of IS NOT old.duplicate_of OR new.duplicate_of <= 0);
	INSERT OR REPLACE INTO copy_links (copy_id, original_id, copy_outlet, original_outlet)
		SELECT new.id, o.id, new.outlet, o.outlet FROM articles o WHERE o.id = new.duplicate_of AND new.duplicate_of > 0;
	UPDATE copy_links SET original_outlet = new.outlet WHERE original_id = new.id AND new.outlet IS NOT old.outlet;
END;
CREATE TRIGGER copy_links_delete AFTER DELETE ON articles BEGIN
	DELETE FROM copy_links WHERE copy_id = old.id OR original_id = old.id;
END;
