-- The unconfirmed replies' check asks for the overdue replies of the channels that share one receipt timeout
-- (ReplyRepository.unconfirmed). Its index held every DISPATCHED reply by time alone, so a channel whose replies are
-- confirmed (the chatbot's) walked past every overdue reply of a channel that sends no receipts, or the planner read
-- the whole table instead: the benchmark's plans found a sequential scan of 21,057 replies for a check that found
-- none. Keyed by channel first, the index answers a channel's overdue replies in time order. A reply given up on
-- (published as often as allowed) has no dispatch time and is never asked for again, so it leaves the index.
DROP INDEX reply_unconfirmed;
CREATE INDEX reply_unconfirmed ON reply (channel, dispatched_at) WHERE status = 'DISPATCHED' AND dispatched_at IS NOT NULL;
