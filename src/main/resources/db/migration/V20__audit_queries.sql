-- Privacy officers query the audit log by subject, actor or action, newest first (GET /api/v1/audit).
DROP INDEX audit_log_subject;
CREATE INDEX audit_log_subject ON audit_log (subject_id, occurred_at);
CREATE INDEX audit_log_actor ON audit_log (actor, occurred_at);
CREATE INDEX audit_log_action ON audit_log (action, occurred_at);
CREATE INDEX audit_log_time ON audit_log (occurred_at);
