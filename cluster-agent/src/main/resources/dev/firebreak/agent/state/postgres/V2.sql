-- Incidents: one row each, with its state and start as columns to query by and the whole record as JSON.
CREATE TABLE incidents (
  id TEXT PRIMARY KEY, state TEXT NOT NULL, started_millis BIGINT NOT NULL, record TEXT NOT NULL);
