-- Webhook deliveries that survive a restart, their log, and the owner's sign-in sessions.
-- Nothing about a reader: the outbox holds the same fields a completion row holds.

-- Deliveries still to make: one row per new completion of a quiz with a webhook, written in
-- the same transaction as the completion. `id` is the completion's id, sent in the payload so
-- the receiver can drop a repeat. `body` is the JSON payload. `due` (Unix milliseconds) is
-- when the next attempt may start; `claimed_until` is when an attempt in progress, if its
-- server stopped, may be taken over. The row is deleted once delivered or given up.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    quiz TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    due BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL
);
CREATE INDEX outbox_by_due ON outbox (due);

-- The latest finished deliveries per quiz (a bounded number), for the dashboard: in the order
-- they finished (`seq`), the completion's day and outcome, attempts, the last answer.
CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    quiz TEXT NOT NULL,
    day BIGINT NOT NULL,
    outcome TEXT,
    attempts BIGINT NOT NULL,
    result TEXT NOT NULL,
    delivered BIGINT NOT NULL
);
CREATE INDEX deliveries_by_quiz ON deliveries (quiz, seq);

-- The owner's dashboard sessions (a bounded number): a SHA-256 of the session token (the
-- cookie holds the token), the session's CSRF token, and when it ends (Unix milliseconds; the oldest goes first).
CREATE TABLE owner_sessions (
    token_hash TEXT PRIMARY KEY,
    csrf TEXT NOT NULL,
    expires BIGINT NOT NULL
);
