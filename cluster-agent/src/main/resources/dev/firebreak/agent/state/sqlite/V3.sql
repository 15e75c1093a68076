-- Client API keys of the gateway: the SHA-256 of each secret (never the secret itself), whether it is
-- revoked, and the key's name and limits as JSON.
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL, record TEXT NOT NULL);
