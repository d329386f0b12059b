-- CSAT: a one-question survey after resolution, with its own purpose (FEEDBACK, withdrawable like any other), and
-- the customer's answer (1-5) on the request.
ALTER TABLE consent_event DROP CONSTRAINT IF EXISTS consent_event_purpose_check;
ALTER TABLE consent_event ADD CONSTRAINT consent_event_purpose_check
    CHECK (purpose IN ('SERVICE', 'MARKETING', 'VERIFICATION', 'FEEDBACK'));
ALTER TABLE reply DROP CONSTRAINT IF EXISTS reply_purpose_check;
ALTER TABLE reply ADD CONSTRAINT reply_purpose_check
    CHECK (purpose IN ('SERVICE', 'MARKETING', 'VERIFICATION', 'FEEDBACK'));
ALTER TABLE request
    ADD COLUMN survey_due_at  timestamptz,
    ADD COLUMN survey_sent_at timestamptz,
    ADD COLUMN csat           smallint CHECK (csat BETWEEN 1 AND 5),
    ADD COLUMN csat_at        timestamptz;
CREATE INDEX request_survey_due ON request (survey_due_at) WHERE survey_due_at IS NOT NULL AND survey_sent_at IS NULL;
