-- The audit log, the overrides in force and the idempotency keys of actions. "IF NOT EXISTS": files
-- written before the schema was versioned already hold the first two tables.
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at_millis INTEGER NOT NULL, who TEXT, role TEXT, source TEXT,
  action TEXT NOT NULL, target TEXT, params TEXT, prior TEXT, decision TEXT NOT NULL, outcome TEXT,
  reason TEXT, idempotency_key TEXT UNIQUE);
CREATE TABLE IF NOT EXISTS overrides (
  id INTEGER PRIMARY KEY, type TEXT NOT NULL, model TEXT, node TEXT, fallback TEXT, weights TEXT, who TEXT,
  reason TEXT, created_millis INTEGER NOT NULL, expires_millis INTEGER NOT NULL, active INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency_keys (
  idempotency_key TEXT PRIMARY KEY, claimed_millis INTEGER NOT NULL, audit_id INTEGER);
INSERT OR IGNORE INTO idempotency_keys (idempotency_key, claimed_millis, audit_id)
  SELECT idempotency_key, at_millis, id FROM audit WHERE idempotency_key IS NOT NULL;
