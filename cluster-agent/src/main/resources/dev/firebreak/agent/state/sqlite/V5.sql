-- Incidents shared by every agent of the store: the subject an incident is about (its node, or
-- "model <name>" for a model's own) and its holders (JSON: each agent whose findings still raise it,
-- with when it last said so). At most one incident per subject is live at a time (the unique index).
ALTER TABLE incidents ADD COLUMN subject TEXT;
ALTER TABLE incidents ADD COLUMN holders TEXT;
UPDATE incidents SET subject = COALESCE(json_extract(record, '$.node'), 'model ' || json_extract(record, '$.models[0]'))
  WHERE state <> 'RESOLVED';
CREATE UNIQUE INDEX incidents_live_subject ON incidents (subject) WHERE state <> 'RESOLVED';
