-- V26 keyed the unconfirmed replies' index by channel alone. A check of several channels that share one receipt
-- timeout (web, app, sms, office and e-mail) with a backlog of overdue replies then read the whole backlog and sorted
-- it to take the oldest hundred: the benchmark's plans found a sequential scan and a sort on disk of 19,346 overdue web
-- replies (175 ms; 1.9 ms the run before, on the index by time). In time order, the check stops at the hundredth.
-- Both stay: a channel's own check, and one whose channels have nothing overdue, probe the channel's index.
CREATE INDEX reply_unconfirmed_by_time ON reply (dispatched_at) WHERE status = 'DISPATCHED' AND dispatched_at IS NOT NULL;
