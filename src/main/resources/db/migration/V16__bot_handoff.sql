-- A chatbot conversation is the bot's (BOT) until it is handed off to people: by the bot, by the customer's keyword,
-- or by an operator taking it. Then it enters the queue; when it was handed off is kept, and so is whether the bot
-- closed a conversation it resolved itself (bot containment).
ALTER TABLE request DROP CONSTRAINT request_status_check;
ALTER TABLE request ADD CONSTRAINT request_status_check
    CHECK (status IN ('BOT', 'NEW', 'OPEN', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED'));
ALTER TABLE request
    ADD COLUMN handed_off_at timestamptz,
    ADD COLUMN bot_closed_at timestamptz;
