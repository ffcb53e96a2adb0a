// A small hand-written Preact quiz: the "what a competent developer would write instead"
// baseline of the benchmark. It reads the same quiz JSON as our widget, shows one question
// per screen (no intro), moves on as soon as a choice is clicked, ends with a "See my result"
// button and shows the likely outcome, scored like our widget (../shared/scoring.mjs).
//
// bench/run.mjs bundles and minifies it with esbuild into bench/build/preact/quiz.js.
// Markup the harness relies on: .pq-prompt, .pq-progress, button.pq-choice,
// button.pq-see-result, .pq-result[data-outcome].
import { h, render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import htm from 'htm';
import { diagnose } from '../shared/scoring.mjs';

const html = htm.bind(h);

const CSS = `
.pq { font: 16px/1.5 system-ui, sans-serif; color: #1d1d1f; background: #fff; border: 1px solid #d8d4cc;
  border-radius: 12px; padding: 20px 24px; max-width: 40rem; box-shadow: 0 1px 3px rgba(0,0,0,.06); }
.pq-title { margin: 0 0 8px; font-size: 14px; font-weight: 600; color: #8a4b08; }
.pq-progress { margin: 0; font-size: 14px; color: #555; }
.pq-bar { height: 4px; background: #eee; border-radius: 2px; margin: 6px 0 14px; overflow: hidden; }
.pq-bar > div { height: 100%; background: #8a4b08; transition: width 150ms; }
.pq-prompt { font-size: 20px; line-height: 1.3; margin: 0 0 14px; outline: none; }
.pq-choices { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.pq-choice { width: 100%; text-align: left; font: inherit; padding: 10px 14px; border: 1px solid #bbb;
  border-radius: 8px; background: #fff; color: inherit; cursor: pointer; transition: border-color 120ms, background-color 120ms; }
.pq-choice:hover { border-color: #8a4b08; }
.pq-choice:focus-visible, .pq button:focus-visible { outline: 2px solid #8a4b08; outline-offset: 2px; }
.pq-chosen { border-color: #8a4b08; background: #fbf3ea; }
.pq-nav { display: flex; justify-content: space-between; margin-top: 14px; }
.pq-nav button, .pq-result button { font: inherit; padding: 8px 16px; border-radius: 8px; cursor: pointer;
  border: 1px solid #8a4b08; background: #fff; color: #8a4b08; }
.pq-nav .pq-see-result { background: #8a4b08; color: #fff; margin-left: auto; }
.pq-nav .pq-see-result:disabled { opacity: .5; cursor: default; }
.pq-result h2 { margin: 4px 0 8px; font-size: 22px; line-height: 1.25; outline: none; }
.pq-shift { font-weight: 600; }
.pq-result ul { padding-left: 20px; }
`;

function Question({ quiz, step, answer, onChoose, onBack, onFinish }) {
  const heading = useRef(null);
  const count = quiz.questions.length;
  const question = quiz.questions[step];
  const last = step === count - 1;
  // Move focus to the new question for keyboard and screen-reader users (not on the first).
  useEffect(() => { if (step > 0 && heading.current) heading.current.focus(); }, [step]);
  return html`
    <section class="pq" aria-labelledby="pq-heading">
      <p class="pq-title">${quiz.title}</p>
      <p class="pq-progress">Question ${step + 1} of ${count}</p>
      <div class="pq-bar" aria-hidden="true"><div style=${{ width: `${(100 * step) / count}%` }}></div></div>
      <h2 id="pq-heading" class="pq-prompt" tabindex="-1" ref=${heading}>${question.prompt}</h2>
      <ul class="pq-choices" aria-labelledby="pq-heading">
        ${question.choices.map((choice, i) => html`
          <li key=${question.id + '/' + choice.id}>
            <button type="button" class=${answer === i ? 'pq-choice pq-chosen' : 'pq-choice'}
              aria-pressed=${answer === i} onClick=${() => onChoose(i)}>${choice.text}</button>
          </li>`)}
      </ul>
      <div class="pq-nav">
        ${step > 0 && html`<button type="button" class="pq-back" onClick=${onBack}>Back</button>`}
        ${last && html`<button type="button" class="pq-see-result" disabled=${answer == null}
          onClick=${onFinish}>See my result</button>`}
      </div>
    </section>`;
}

function Result({ quiz, answers, onRestart }) {
  const heading = useRef(null);
  const { outcome } = diagnose(quiz, answers);
  useEffect(() => heading.current && heading.current.focus(), []);
  return html`
    <section class="pq pq-result" data-outcome=${outcome.id} aria-labelledby="pq-heading">
      <p class="pq-title">Your likely mindset gap</p>
      <h2 id="pq-heading" tabindex="-1" ref=${heading}>${outcome.label}</h2>
      <p class="pq-shift">${outcome.shift}</p>
      <p>${outcome.summary}</p>
      <ul>${outcome.actions.map((action) => html`<li>${action}</li>`)}</ul>
      ${(outcome.links || []).length > 0 && html`
        <p>Read more: ${outcome.links.map((link, i) => html`${i > 0 && ' · '}<a href=${link.url}>${link.title}</a>`)}</p>`}
      <button type="button" onClick=${onRestart}>Start again</button>
    </section>`;
}

function Quiz({ src }) {
  const [quiz, setQuiz] = useState(null);
  const [failed, setFailed] = useState(false);
  const [step, setStep] = useState(0);
  const [answers, setAnswers] = useState([]);
  const [done, setDone] = useState(false);
  useEffect(() => {
    fetch(src)
      .then((response) => { if (!response.ok) throw new Error(`HTTP ${response.status}`); return response.json(); })
      .then(setQuiz, () => setFailed(true));
  }, [src]);

  if (failed) return html`<p class="pq">The quiz could not load.</p>`;
  if (!quiz) return null;
  if (done) {
    return html`<${Result} quiz=${quiz} answers=${answers}
      onRestart=${() => { setAnswers([]); setStep(0); setDone(false); }} />`;
  }
  const choose = (i) => {
    const next = answers.slice();
    next[step] = i;
    setAnswers(next);
    if (step < quiz.questions.length - 1) setStep(step + 1);
  };
  return html`<${Question} quiz=${quiz} step=${step} answer=${answers[step]} onChoose=${choose}
    onBack=${() => setStep(step - 1)} onFinish=${() => setDone(true)} />`;
}

const style = document.createElement('style');
style.textContent = CSS;
document.head.appendChild(style);
for (const host of document.querySelectorAll('[data-preact-quiz]')) {
  render(html`<${Quiz} src=${host.getAttribute('data-quiz-src')} />`, host);
}
