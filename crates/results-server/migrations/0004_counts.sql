-- Counts kept as completions arrive (issue 23), like GoatCounter's count tables: the summary,
-- the dashboard and the aggregate exports read these, never the raw completions, so a page
-- reads days, not rows. The writer adds to them in the same transaction as the completions it
-- commits, so they never disagree with the rows; `transition-quiz-results --rebuild-counts`
-- recounts them from the rows. Nothing about a reader: counts by quiz and day.
-- A value that is none (no clear gap, no stage or hardest given) is '' in a key.

-- Completions by what their answers showed (`outcome`), the stage and the stated hardest
-- transition: the summary's outcomes, stages, hardest, and said against shown, per day.
CREATE TABLE result_counts (
    quiz TEXT NOT NULL,
    day BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    stage TEXT NOT NULL,
    hardest TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (quiz, day, outcome, stage, hardest)
);

-- How often each choice of each question was chosen, per day (by their ids in the quiz file).
CREATE TABLE choice_counts (
    quiz TEXT NOT NULL,
    day BIGINT NOT NULL,
    question TEXT NOT NULL,
    choice TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (quiz, day, question, choice)
);

-- Completions by the page's path, per day: at most 200 paths per quiz and day, the rest
-- counted together under '(other pages)' (paths come from readers' browsers).
CREATE TABLE page_counts (
    quiz TEXT NOT NULL,
    day BIGINT NOT NULL,
    page_path TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (quiz, day, page_path)
);

-- The counts' own state, by name: 'counted' is 1 once the count tables hold the counts of
-- the raw completions (0 right after this migration, so the server counts what an earlier
-- version stored, once, when it starts); 'raw_from' is the first day whose raw completions
-- are all kept (retention deletes the days before it and leaves their counts).
CREATE TABLE counts_state (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counts_state (name, value) VALUES ('counted', 0);

-- Raw completions in the order exports and recounts read them: a quiz's days, each by id.
DROP INDEX completions_by_quiz;
CREATE INDEX completions_by_quiz_day_id ON completions (quiz, day, id);
