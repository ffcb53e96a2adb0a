// The quiz's scoring, the same as the widget's (src/scoring.rs), for the two comparison
// widgets and for the harness's own check that every widget reaches the same outcome.
//
// Per outcome: the weight the chosen answers gave it, over the most the answered questions
// could have given it (per question, the largest weight any choice gives that outcome), as
// a whole percentage rounded half up. The highest score wins; a tie goes to the earlier
// (lower-rung) outcome. Unanswered questions count on neither side.

/** `answers[i]` is the chosen choice index of question i, or null. */
export function diagnose(quiz, answers) {
  const ids = quiz.outcomes.map((outcome) => outcome.id);
  const weight = ids.map(() => 0);
  const most = ids.map(() => 0);
  quiz.questions.forEach((question, q) => {
    const choice = answers[q] == null ? undefined : question.choices[answers[q]];
    if (!choice) return;
    ids.forEach((id, o) => {
      weight[o] += (choice.weights || {})[id] || 0;
      most[o] += Math.max(0, ...question.choices.map((c) => (c.weights || {})[id] || 0));
    });
  });
  const scores = ids.map((_, o) =>
    most[o] === 0 ? 0 : Math.floor((200 * Math.min(weight[o], most[o]) + most[o]) / (2 * most[o])));
  let likely = 0;
  scores.forEach((score, o) => { if (score > scores[likely]) likely = o; });
  return { scores, likely, outcome: quiz.outcomes[likely] };
}
