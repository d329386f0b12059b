-- A suggestion checks that its pair is neither open nor dismissed already. The unique index on open pairs cannot
-- answer that (it leaves dismissed pairs out), so the check read the whole table: the benchmark's plans found it at a
-- million customers (12,334 rows read per suggestion). This index answers it with one probe.
CREATE INDEX suspected_duplicate_known_pair ON suspected_duplicate
    (least(customer_a, customer_b), greatest(customer_a, customer_b)) WHERE status IN ('OPEN', 'DISMISSED');
