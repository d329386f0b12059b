-- The operators' queue: waiting requests, longest wait first.
CREATE INDEX request_queue ON request (status, last_inbound_at, id);
