-- One row per scheduled run of a job: whichever API process inserts it first runs that slot (src/jobs/leader.ts).
CREATE TABLE job_runs (
  job         text NOT NULL,
  slot        timestamptz NOT NULL,
  runner      text NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  error       text,
  PRIMARY KEY (job, slot)
);
