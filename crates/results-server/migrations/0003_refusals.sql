-- Refused completions, counted for the owner's dashboard: by quiz, day, reason (the refusal's
-- code, such as origin_not_allowed or daily_cap) and the page's origin (a site such as
-- https://blog.example, from the request's Origin header; never an address or anything about
-- a reader). Bounded: at most 20 origins per quiz and day (the rest under "(other origins)"),
-- and the latest 14 days. Refusals for a quiz the server does not take have quiz ''.
CREATE TABLE refusals (
    quiz TEXT NOT NULL,
    day BIGINT NOT NULL,
    reason TEXT NOT NULL,
    origin TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (quiz, day, reason, origin)
);
