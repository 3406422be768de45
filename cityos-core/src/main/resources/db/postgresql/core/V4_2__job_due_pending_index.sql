-- The claim asks for due jobs in (run_at, id) order among two statuses (queued, failed). On
-- job_due_ix (namespace, status, run_at, id) that is two ranges, so PostgreSQL read every pending
-- job and sorted them on each claim (a sequential scan and a sort of the whole backlog per batch).
-- This partial index holds only pending jobs, already in claim order: a claim reads its batch and
-- the rows that SKIP LOCKED passes over. H2 has no partial indexes; it keeps the plain scan.
CREATE INDEX job_pending_ix ON job (namespace, run_at, id) WHERE status IN ('queued', 'failed');
