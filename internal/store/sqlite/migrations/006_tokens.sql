-- API tokens: only a token's SHA-256 is stored, never the token itself, so
-- that a copy of the database does not let anyone upload.
CREATE TABLE api_tokens (
	name       TEXT PRIMARY KEY,
	hash       BLOB NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);
