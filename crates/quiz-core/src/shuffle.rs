//! The order a reader sees a question's choices in: shuffled per reader where the quiz asks
//! for it ([`crate::quiz::Question::shuffle`]), the same on every visit, Back and reload.
//!
//! Pure and deterministic: the order depends only on the reader's seed and the question's
//! id. The seed is made at the browser's edge (the widget draws it from
//! `crypto.getRandomValues`), lives in the [`crate::session::Session`] and is saved with
//! progress; nothing here, and nothing in the reducer, draws a random number. Only the view
//! uses the order: answers, saved progress, shared links, events and completions carry
//! choice ids or the choices' positions in the quiz file, never positions on screen.
//!
//! The shuffle itself is [`crate::rules::order`], which embed.js's drawing of the first screen
//! runs too.

use crate::quiz::Question;

/// The display order of `question`'s choices for a reader with `seed`: the choice indices,
/// first shown first. The file's order when the question is not shuffled or there is no seed
/// (progress saved before seeds existed was shown in the file's order).
pub fn order(seed: Option<u32>, question: &Question) -> Vec<usize> {
    let mut order = [0u8; crate::quiz::limits::CHOICES];
    let order = &mut order[..question.choices.len()];
    match seed.filter(|_| question.shuffle) {
        Some(seed) => crate::rules::order(seed, &question.id, order),
        None => crate::rules::order_in_file(order),
    }
    order.iter().map(|&choice_idx| usize::from(choice_idx)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_quiz::stages_quiz;

    /// The order of question `question_idx` of the stages quiz for `seed`.
    fn check(seed: Option<u32>, question_idx: usize, expected: &[usize]) {
        let quiz = stages_quiz();
        assert_eq!(order(seed, &quiz.questions[question_idx]), expected, "seed {seed:?}, question {question_idx}");
    }

    fn is_permutation(order: &[usize], n: usize) -> bool {
        let mut sorted = order.to_vec();
        sorted.sort_unstable();
        sorted == (0..n).collect::<Vec<_>>()
    }

    #[test]
    fn questions_that_keep_their_order_and_readers_without_a_seed_see_the_file_order() {
        check(None, 1, &[0, 1, 2, 3]); // shuffled, but no seed: progress saved before seeds
        check(Some(7), 0, &[0, 1, 2]); // the stage question follows the ladder
        check(Some(7), 4, &[0, 1, 2]); // a scale that keeps its order
    }

    #[test]
    fn each_order_is_a_permutation_and_the_same_for_the_same_seed() {
        let quiz = stages_quiz();
        for seed in 0..500 {
            for question in quiz.questions.iter().filter(|question| question.shuffle) {
                let first = order(Some(seed), question);
                assert!(is_permutation(&first, question.choices.len()), "{first:?}");
                assert_eq!(order(Some(seed), question), first, "a reload shows the same order");
            }
        }
    }

    #[test]
    fn orders_differ_between_readers_and_between_questions() {
        let quiz = stages_quiz();
        let all = &quiz.questions[1];
        let orders: std::collections::HashSet<Vec<usize>> = (0..200).map(|seed| order(Some(seed), all)).collect();
        // Four choices have 24 orders; 200 readers meet nearly all of them.
        assert!(orders.len() >= 20, "{} orders", orders.len());
        // One reader's questions are not shuffled alike: "early" and "later" both have three choices.
        let (early, later) = (&quiz.questions[2], &quiz.questions[3]);
        let alike = (0..200).filter(|&seed| order(Some(seed), early) == order(Some(seed), later)).count();
        // Independent orders of three agree one time in six (33 in 200); allow chance its room.
        assert!(alike < 60, "{alike} of 200 readers saw both questions in the same order");
    }

    #[test]
    fn every_choice_lands_in_every_position_about_equally_often() {
        let quiz = stages_quiz();
        let all = &quiz.questions[1];
        let (n, readers) = (all.choices.len(), 24_000u32);
        let mut counts = vec![vec![0u32; n]; n];
        for seed in 0..readers {
            for (position, &choice_idx) in order(Some(seed.wrapping_mul(2_654_435_761)), all).iter().enumerate() {
                counts[choice_idx][position] += 1;
            }
        }
        // Uniform: each of the n choices at each of the n positions readers / n times (6,000);
        // a binomial with p = 1/4 over 24,000 draws has a standard deviation of about 67, so
        // 5 standard deviations (335) is far outside chance.
        let expected = f64::from(readers) / n as f64;
        let sd = (f64::from(readers) * (1.0 / n as f64) * (1.0 - 1.0 / n as f64)).sqrt();
        for (choice_idx, row) in counts.iter().enumerate() {
            for (position, &count) in row.iter().enumerate() {
                let off = (f64::from(count) - expected).abs();
                assert!(
                    off < 5.0 * sd,
                    "choice {choice_idx} at position {position}: {count} times, expected {expected}"
                );
            }
        }
    }
}
