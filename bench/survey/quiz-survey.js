// The same quiz in SurveyJS (survey-core + survey-js-ui, loaded before this script as the
// UMD builds SurveyJS documents for plain HTML pages: window.Survey and window.SurveyUI).
// It fetches our quiz JSON, converts it to a SurveyJS survey (one radio-group question per
// page, auto-advance on choice, a "See my result" Complete button on the last page) and on
// completion shows the likely outcome, scored like our widget (../shared/scoring.mjs).
//
// bench/run.mjs bundles and minifies it with esbuild into bench/build/survey/quiz-survey.js.
// Markup the harness relies on: SurveyJS's own .sd-question__title, .sd-item and
// .sd-navigation__complete-btn, and our .sq-result[data-outcome].
import { diagnose } from '../shared/scoring.mjs';

const { Model, settings } = window.Survey;

// SurveyJS waits 300 ms by default before auto-advancing; our widget and the Preact one move
// on at once, so the comparison measures rendering, not a deliberate pause.
settings.autoAdvanceDelay = 0;

/** Our quiz format (version 1) as a SurveyJS survey definition. */
export function toSurvey(quiz) {
  return {
    title: quiz.title,
    locale: quiz.locale || 'en',
    showQuestionNumbers: 'off',
    showProgressBar: true,
    progressBarType: 'questions',
    autoAdvanceEnabled: true,
    autoAdvanceAllowComplete: false,
    showPrevButton: true,
    showCompletedPage: false,
    completeText: 'See my result',
    pages: quiz.questions.map((question) => ({
      name: question.id,
      elements: [{
        type: 'radiogroup',
        name: question.id,
        title: question.prompt,
        description: question.help,
        isRequired: true,
        choices: question.choices.map((choice) => ({ value: choice.id, text: choice.text })),
      }],
    })),
  };
}

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  node.append(...children.filter((child) => child != null));
  return node;
}

function showResult(into, quiz, data, restart) {
  const answers = quiz.questions.map((question) => {
    const index = question.choices.findIndex((choice) => choice.id === data[question.id]);
    return index < 0 ? null : index;
  });
  const { outcome } = diagnose(quiz, answers);
  const heading = element('h2', { class: 'sd-title', tabindex: '-1' }, outcome.label);
  const again = element('button', { type: 'button', class: 'sd-btn' }, 'Start again');
  again.addEventListener('click', restart);
  into.replaceChildren(element('section', { class: 'sq-result', 'data-outcome': outcome.id },
    element('p', { class: 'sq-kicker' }, 'Your likely mindset gap'),
    heading,
    element('p', { class: 'sq-shift' }, outcome.shift),
    element('p', null, outcome.summary),
    element('ul', null, ...outcome.actions.map((action) => element('li', null, action))),
    (outcome.links || []).length ? element('p', null, 'Read more: ',
      ...outcome.links.flatMap((link, i) => [i ? ' · ' : null, element('a', { href: link.url }, link.title)])) : null,
    again));
  heading.focus();
}

async function mount(host) {
  const response = await fetch(host.getAttribute('data-quiz-src'));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const quiz = await response.json();
  const surveyHost = element('div');
  const resultHost = element('div', { class: 'sq-result-host' });
  host.replaceChildren(surveyHost, resultHost);
  const survey = new Model(toSurvey(quiz));
  survey.onComplete.add((sender) => showResult(resultHost, quiz, sender.data, () => {
    resultHost.replaceChildren();
    sender.clear(true, true);
  }));
  survey.render(surveyHost);
}

const style = document.createElement('style');
style.textContent = `.sq-result { font: 16px/1.5 "Open Sans", system-ui, sans-serif; padding: 24px; background: #fff;
  border-radius: 8px; box-shadow: 0 1px 2px rgba(0,0,0,.15); } .sq-kicker { margin: 0; color: #555; }
  .sq-shift { font-weight: 600; } .sq-result .sd-title { outline: none; }`;
document.head.appendChild(style);
for (const host of document.querySelectorAll('[data-survey-quiz]')) {
  mount(host).catch((error) => {
    host.textContent = 'The quiz could not load.';
    console.error(error);
  });
}
