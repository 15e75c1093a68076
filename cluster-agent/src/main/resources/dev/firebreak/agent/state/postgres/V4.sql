-- SLO events per minute, model and node (node '' for requests shed before any node): requests counted
-- for availability and the good ones, answers timed for latency and the ones within the threshold.
CREATE TABLE slo_minutes (
  minute_millis BIGINT NOT NULL, model TEXT NOT NULL, node TEXT NOT NULL,
  total BIGINT NOT NULL, good BIGINT NOT NULL, timed BIGINT NOT NULL, fast BIGINT NOT NULL,
  PRIMARY KEY (minute_millis, model, node));
