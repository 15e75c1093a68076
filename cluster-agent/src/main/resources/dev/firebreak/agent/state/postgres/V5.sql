-- Incidents shared by every agent: the subject an incident is about (its node, or "model <name>" for a
-- model's own) and its holders (JSON: each agent whose findings still raise it, with when it last said
-- so). At most one incident per subject is live at a time: two agents raising the same subject at the
-- same moment meet on this unique index, and the second joins the first's incident.
ALTER TABLE incidents ADD COLUMN subject TEXT;
ALTER TABLE incidents ADD COLUMN holders TEXT;
-- Live incidents written before: the newest of each subject becomes its one live incident (replicas
-- used to keep one each); the others keep no subject and lapse like any incident nobody holds.
UPDATE incidents SET subject = newest.subject FROM (
  SELECT DISTINCT ON (subject) id, subject FROM (
    SELECT id, started_millis, COALESCE(record::json->>'node', 'model ' || (record::json->'models'->>0)) AS subject
    FROM incidents WHERE state <> 'RESOLVED') live
  ORDER BY subject, started_millis DESC, id DESC) newest
WHERE incidents.id = newest.id;
CREATE UNIQUE INDEX incidents_live_subject ON incidents (subject) WHERE state <> 'RESOLVED';
