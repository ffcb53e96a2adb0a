-- What the results server stores, and nothing else: no address, no user agent, no time of
-- day, no cookie. Portable SQL: the same file runs on SQLite and PostgreSQL.

-- One row per completed quiz. `id` is random, made by the reader's widget, so a retried
-- request is stored once. `day` is days since 1970 (UTC). `page_path` is the page's path
-- without its query string or fragment. `outcome` is the gap the server's own scoring named
-- (NULL: no clear gap); `answers` is "question=choice" pairs joined by commas.
CREATE TABLE completions (
    id TEXT PRIMARY KEY,
    quiz TEXT NOT NULL,
    day BIGINT NOT NULL,
    page_path TEXT NOT NULL,
    outcome TEXT,
    further_up TEXT,
    stage TEXT,
    hardest TEXT,
    answers TEXT NOT NULL
);
CREATE INDEX completions_by_quiz ON completions (quiz, day);

-- How many readers started each quiz on each day.
CREATE TABLE starts (
    quiz TEXT NOT NULL,
    day BIGINT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (quiz, day)
);

-- How many readers left each quiz on each day after reaching question `step` (from 1).
CREATE TABLE stops (
    quiz TEXT NOT NULL,
    day BIGINT NOT NULL,
    step BIGINT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (quiz, day, step)
);
