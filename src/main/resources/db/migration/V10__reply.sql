-- A reply's delivery gets its own table, owned by the delivery feature: the message row keeps what was said (and by
-- whom, on which request); this row keeps where it goes and how far it got. Existing replies (outbound messages with
-- a delivery status) move here, and the message's columns for them go.
CREATE TABLE reply (
    message_id       uuid PRIMARY KEY REFERENCES message (id),
    request_id       uuid        NOT NULL,
    version          bigint      NOT NULL DEFAULT 0,
    status           text        NOT NULL CHECK (status IN ('PENDING', 'DEFERRED', 'DISPATCHED', 'RETRYING', 'QUEUED',
                                                           'SENT', 'DELIVERED', 'READ', 'FAILED', 'HELD')),
    purpose          text        NOT NULL CHECK (purpose IN ('SERVICE', 'MARKETING', 'VERIFICATION')),
    -- the channel it goes on now; NULL while held
    channel          text,
    routing_decision jsonb       NOT NULL,
    failed_channels  text[]      NOT NULL DEFAULT '{}',
    attempts         integer     NOT NULL DEFAULT 0,
    send_at          timestamptz,
    dispatched_at    timestamptz,
    redeliveries     integer     NOT NULL DEFAULT 0,
    -- the contact it was addressed to (not the origin thread), so a hard bounce can mark it
    contact_point_id uuid,
    -- the channel's own id of the send (an SMS gateway's MessageSid), for its status callbacks
    external_id      text,
    created_at       timestamptz NOT NULL
);
CREATE INDEX reply_request ON reply (request_id, created_at);
CREATE INDEX reply_unconfirmed ON reply (dispatched_at) WHERE status = 'DISPATCHED';
CREATE INDEX reply_channel_external ON reply (channel, external_id) WHERE external_id IS NOT NULL;

INSERT INTO reply (message_id, request_id, version, status, purpose, channel, routing_decision, failed_channels,
                   attempts, send_at, dispatched_at, redeliveries, contact_point_id, external_id, created_at)
SELECT id, request_id, version, delivery_status, coalesce(purpose, 'SERVICE'), channel,
       coalesce(routing_decision, '{}'::jsonb),
       CASE WHEN failed_channels = '' THEN '{}'::text[] ELSE string_to_array(failed_channels, ',') END,
       attempts, send_at, dispatched_at, redeliveries, contact_point_id, external_id, created_at
FROM message
WHERE direction = 'OUTBOUND' AND delivery_status IS NOT NULL;

-- a reply's channel and external id are its delivery's now
UPDATE message SET channel = NULL, external_id = NULL WHERE id IN (SELECT message_id FROM reply);

DROP INDEX message_unconfirmed;
ALTER TABLE message
    DROP COLUMN delivery_status,
    DROP COLUMN routing_decision,
    DROP COLUMN purpose,
    DROP COLUMN send_at,
    DROP COLUMN attempts,
    DROP COLUMN failed_channels,
    DROP COLUMN dispatched_at,
    DROP COLUMN redeliveries,
    DROP COLUMN contact_point_id;
