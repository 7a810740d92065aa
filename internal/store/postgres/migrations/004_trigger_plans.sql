-- The trigger functions of migration 001 wrote article_entities and quotes
-- through SQL functions, which PostgreSQL plans anew at every call: a
-- third of a millisecond per article written. Written in PL/pgSQL itself,
-- the statements' plans are kept for the session.
CREATE OR REPLACE FUNCTION article_entities_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		DELETE FROM article_entities WHERE article_id = OLD.id;
	END IF;
	IF TG_OP <> 'DELETE' AND NEW.entities <> '[]'::jsonb THEN
		INSERT INTO article_entities (article_id, entity_id, mentions)
			SELECT NEW.id, (e->>'entity_id')::bigint, sum(coalesce((e->>'mentions')::bigint, 0))
			FROM jsonb_array_elements(NEW.entities) e
			WHERE jsonb_typeof(e->'entity_id') = 'number' AND (e->>'entity_id')::bigint > 0
			GROUP BY (e->>'entity_id')::bigint;
	END IF;
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION quotes_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		DELETE FROM quotes WHERE article_id = OLD.id;
		RETURN NULL;
	END IF;
	IF TG_OP = 'UPDATE' AND OLD.quotes IS NOT DISTINCT FROM NEW.quotes THEN
		-- A placement moves the article's quotations along.
		UPDATE quotes SET storyline_id = NEW.storyline_id, event_id = NEW.event_id WHERE article_id = NEW.id;
		RETURN NULL;
	END IF;
	IF TG_OP = 'UPDATE' THEN
		DELETE FROM quotes WHERE article_id = OLD.id;
	END IF;
	INSERT INTO quotes (article_id, idx, speaker_id, speaker, said_on, direct, text, quote, storyline_id, event_id)
		SELECT NEW.id, q.n - 1,
			CASE WHEN jsonb_typeof(q.v->'speaker_id') = 'number' THEN (q.v->>'speaker_id')::bigint ELSE 0 END,
			coalesce(q.v->>'speaker', ''),
			coalesce(nullif(q.v->>'said_on', ''), '9999-99-99'),
			coalesce(q.v->'direct' = 'true'::jsonb, false),
			coalesce(q.v->>'text', ''), q.v, NEW.storyline_id, NEW.event_id
		FROM jsonb_array_elements(NEW.quotes) WITH ORDINALITY AS q(v, n);
	RETURN NULL;
END $$;

DROP FUNCTION article_entities_add(BIGINT, JSONB);
DROP FUNCTION quotes_add(articles);
