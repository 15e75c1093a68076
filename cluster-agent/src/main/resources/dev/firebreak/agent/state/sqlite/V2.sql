-- Incidents: one row each, with its state and start as columns to query by and the whole record as
-- JSON. "IF NOT EXISTS": files written before incidents moved into the store already hold the table.
CREATE TABLE IF NOT EXISTS incidents (
  id TEXT PRIMARY KEY, state TEXT NOT NULL, started_millis INTEGER NOT NULL, record TEXT NOT NULL);
