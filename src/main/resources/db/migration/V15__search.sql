-- Search. Customers by name through keyed hashes of the lower-cased words of their name (never the words: the name
-- itself stays sealed). Requests by their short number (the id's last eight hex digits).
CREATE TABLE customer_name_token (
    token_hash  bytea NOT NULL,
    customer_id uuid  NOT NULL REFERENCES customer (id),
    PRIMARY KEY (token_hash, customer_id)
);
CREATE INDEX customer_name_token_customer ON customer_name_token (customer_id);

ALTER TABLE request ADD COLUMN number text GENERATED ALWAYS AS (upper(right(id::text, 8))) STORED;
CREATE INDEX request_number ON request (number);
