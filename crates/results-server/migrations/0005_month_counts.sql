-- The count tables' sums by month, so that a range of two years reads 24 months and the days
-- at its ends, not 730 days (GoatCounter keeps counts by hour and by day for the same reason).
-- `month` is the day number (days since 1970) of the month's first day. The writer adds to
-- them with the day counts, in the same transaction; a deletion or a recount makes them again
-- from the day counts, so each always equals the sum of its month's days.

CREATE TABLE result_months (
    quiz TEXT NOT NULL,
    month BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    stage TEXT NOT NULL,
    hardest TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (quiz, month, outcome, stage, hardest)
);

CREATE TABLE choice_months (
    quiz TEXT NOT NULL,
    month BIGINT NOT NULL,
    question TEXT NOT NULL,
    choice TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (quiz, month, question, choice)
);

CREATE TABLE page_months (
    quiz TEXT NOT NULL,
    month BIGINT NOT NULL,
    page_path TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (quiz, month, page_path)
);

-- Counted again when the server starts (the months are made there, from the days).
UPDATE counts_state SET value = 0 WHERE name = 'counted';
