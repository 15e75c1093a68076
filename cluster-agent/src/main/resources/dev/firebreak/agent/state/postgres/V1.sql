-- The audit log, the overrides in force (id = the audit id of the action that made it) and the
-- idempotency keys of actions, claimed before an action runs so that two agents never run one twice.
CREATE TABLE audit (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at_millis BIGINT NOT NULL, who TEXT, role TEXT, source TEXT,
  action TEXT NOT NULL, target TEXT, params TEXT, prior TEXT, decision TEXT NOT NULL, outcome TEXT,
  reason TEXT, idempotency_key TEXT UNIQUE);
CREATE TABLE overrides (
  id BIGINT PRIMARY KEY, type TEXT NOT NULL, model TEXT, node TEXT, fallback TEXT, weights TEXT, who TEXT,
  reason TEXT, created_millis BIGINT NOT NULL, expires_millis BIGINT NOT NULL, active INTEGER NOT NULL);
CREATE INDEX overrides_active ON overrides (active) WHERE active = 1;
CREATE TABLE idempotency_keys (
  idempotency_key TEXT PRIMARY KEY, claimed_millis BIGINT NOT NULL, audit_id BIGINT);
