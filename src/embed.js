/*! transition-quiz embed.js: finds the quiz hosts on a page, loads the widget when needed, mounts it. */
// Kept small and dependency-free: it discovers hosts, loads the wasm and mounts, and draws
// the first screen while the wasm downloads (see "Painting before the wasm" below).
// Everything else (reading host attributes, rendering, storage, events) is in Rust.
(function () {
  'use strict';
  if (window.TransitionQuiz) return; // Included twice: the first copy does the work.

  var HOST = '[data-transition-quiz]';
  // The folder this script was served from: the glue, wasm and CSS sit beside it.
  var script = document.currentScript || document.querySelector('script[src*="embed.js"]');
  var base = new URL('.', script ? script.src : location.href).href;
  var glue, module, nearby;

  function loadGlue() {
    return glue || (glue = new Promise(function (resolve, reject) {
      var tag = document.createElement('script');
      tag.src = base + 'transition-quiz.js';
      tag.onload = function () { resolve(self.__transitionQuizGlue); };
      tag.onerror = function () { glue = null; reject(new Error('could not load ' + tag.src)); };
      document.head.appendChild(tag);
    }));
  }

  function loadModule() {
    if (module) return module;
    var url = base + 'transition-quiz_bg.wasm';
    module = fetch(url).then(function (response) {
      if (!response.ok) throw new Error('could not load ' + url + ': HTTP ' + response.status);
      // compileStreaming needs the application/wasm type; not every host sends it.
      return /application\/wasm/.test(response.headers.get('Content-Type') || '')
        ? WebAssembly.compileStreaming(response)
        : response.arrayBuffer().then(WebAssembly.compile);
    });
    module.catch(function () { module = null; });
    return module;
  }

  // ---- Painting before the wasm --------------------------------------------------------
  // A reader should not wait for the wasm module (about 100 KB) to see the quiz. As soon as
  // the stylesheet and the quiz text are here, this draws the first screen (the intro, and
  // the first question after Start) in the host's shadow root, with the markup the Yew view
  // renders for it (tests/e2e/early.spec.mjs compares the two). What the reader does there
  // (Start, Back, a choice) is remembered and replayed on the widget when it takes over, in
  // the same task, so nothing is lost and nothing jumps. Written by hand, not in Rust,
  // because it must run before the wasm is here; it draws only that one screen, and only
  // when the widget would start there (no shared result in the address, no saved progress).

  // Filled in by scripts/post-build.mjs: the UI strings' defaults (from quiz.schema.json)
  // and what the first screen needs of the built-in quiz (quizzes/four-transitions.en.json).
  var UI_DEFAULTS = {/*ui-defaults*/};
  var BUILT_IN = null/*built-in*/;
  var SECONDS_PER_QUESTION = 10; // as in src/view/intro.rs

  // The widget's first attempt at the host's quiz file (`data-quiz-src`) or overrides file
  // (`data-quiz-overrides`) (src/fetch.rs early_attempt): the text, the status of an error
  // answer, or the error of a request that got no answer. The widget retries and reports
  // failures; the drawing only uses the text.
  function fetchFile(host, attribute, fallback) {
    var src = (host.getAttribute(attribute) || '').trim() || fallback;
    if (!src) return null;
    var url;
    try { url = new URL(src, document.baseURI).href; } catch (error) { return null; } // the widget says why
    return fetch(url)
      .then(function (response) { return response.ok ? response.text() : response.status; })
      .catch(function (error) { return error; });
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    for (var name in attributes) if (attributes[name] != null) node.setAttribute(name, attributes[name]);
    (children || []).forEach(function (child) {
      if (child != null) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function svg(tag, attributes, children) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (var name in attributes) node.setAttribute(name, attributes[name]);
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  // `template` with each {name} in `values` replaced (quiz_core::text::fill).
  function fill(template, values) {
    return template.replace(/\{([a-z_]+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function isText(value) { return typeof value === 'string' && value.trim() !== ''; }

  // How many questions the intro announces: quiz_core::quiz::Quiz::question_count before any
  // answer, the most that any answer to the stage question shows (a question with "stages"
  // is shown only to readers who gave one of them).
  function count(questions) {
    var stage = questions.filter(function (question) { return question.role === 'stage'; })[0];
    return Math.max.apply(null, (stage && stage.choices.length ? stage.choices : [{}]).map(function (choice) {
      return questions.filter(function (question) {
        return !Array.isArray(question.stages) || question.stages.indexOf(choice.id) >= 0;
      }).length;
    }));
  }

  // The first screen of a quiz file's JSON with the host's overrides (quiz_core::overrides:
  // the title, intro, UI strings and the first question's texts), or null when either does
  // not look right (the widget then says what is wrong).
  function firstScreen(text, overrides) {
    var quiz, mine = {};
    try {
      quiz = typeof text === 'string' ? JSON.parse(text) : text;
      if (overrides !== undefined) mine = JSON.parse(overrides);
    } catch (error) { return null; }
    if (!mine || overrides !== undefined && mine.extends !== (quiz && quiz.id)) return null;
    var questions = quiz && quiz.questions;
    var first = Array.isArray(questions) && questions[0];
    if (!first || !isText(quiz.id) || !isText(quiz.title) || !isText(quiz.intro) || !isText(first.prompt) ||
      !questions.every(function (question) {
        return question && (question.role !== 'stage' || Array.isArray(question.choices) && question.choices.every(Boolean));
      }) || !Array.isArray(first.choices) || !first.choices.length ||
      !first.choices.every(function (choice) { return choice && isText(choice.text); })) return null;
    // The owner's text where it is text, else the quiz's.
    var pick = function (theirs, own) { return isText(own) ? own : theirs; };
    var asked = (mine.questions || {})[first.id] || {}, answers = asked.choices || {};
    var ui = {};
    for (var key in UI_DEFAULTS) ui[key] = pick(quiz.ui && isText(quiz.ui[key]) ? quiz.ui[key] : UI_DEFAULTS[key], (mine.ui || {})[key]);
    // A first question whose choices are shuffled per reader is left to the widget, which
    // knows the reader's order: only the intro is drawn (quiz_core::quiz::Question::shuffle).
    var shuffled = (first.role || 'scored') === 'scored' && (first.shuffle != null ? first.shuffle : quiz.shuffle) === true;
    return {
      id: quiz.id, locale: quiz.locale || 'en', dir: quiz.dir === 'rtl' ? 'rtl' : 'ltr', title: pick(quiz.title, mine.title),
      intro: pick(quiz.intro, mine.intro), count: count(questions), ui: ui,
      prompt: pick(first.prompt, asked.prompt), help: pick(isText(first.help) ? first.help : null, asked.help),
      choices: shuffled ? null : first.choices.map(function (choice) { return pick(choice.text, (answers[choice.id] || {}).text); }),
    };
  }

  // The theme the widget shows (quiz_core::config::Theme::read and resolve, and of_page).
  function theme(host) {
    var fixed = (host.getAttribute('data-theme') || '').trim().toLowerCase();
    if (fixed === 'light' || fixed === 'dark') return fixed;
    var html = document.documentElement;
    var marked = (html.getAttribute('data-theme') || '').trim().toLowerCase();
    if (marked === 'light' || marked === 'dark') return marked;
    return html.classList.contains('dark') ? 'dark' : 'auto';
  }

  // Whether the widget would start somewhere else than the intro: a result shared in the
  // page's address, or progress saved for this quiz (quiz_core::start).
  function startsElsewhere(host, id) {
    var key = (host.getAttribute('data-transition-quiz') || '').trim();
    key = /^[A-Za-z0-9_-]{1,64}$/.test(key) ? key : id;
    var hash = location.hash;
    try { hash = decodeURIComponent(hash); } catch (error) { /* as written */ }
    if (hash.indexOf('transition-quiz:') >= 0) return true;
    try {
      for (var i = 0; i < localStorage.length; i++) {
        if (/^transition-quiz:v\d+:/.test(localStorage.key(i)) && localStorage.key(i).indexOf(':' + key + ':') > 0) return true;
      }
    } catch (error) { /* no storage: nothing was saved */ }
    return false;
  }

  // Sets up the host's shadow root with the widget's stylesheet, and draws the first screen
  // once both it and the quiz are here. The widget (src/embed.rs) keeps the stylesheet and
  // takes the drawing's place when its quiz is ready.
  function early(host, text, overrides) {
    var shadow = host.shadowRoot || host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '';
    var css = el('link', { rel: 'stylesheet', href: base + 'widget.css', class: 'tq-css' });
    var slot = el('slot');
    shadow.appendChild(css);
    shadow.appendChild(slot);
    var state = { host: host, step: 0, choice: null, root: null, css: false, taken: false };
    host.__transitionQuizEarly = state;
    var settled = function (how) {
      return function () { css.setAttribute('data-state', how); state.css = how === 'loaded'; show(); };
    };
    css.addEventListener('load', settled('loaded'));
    css.addEventListener('error', settled('failed'));
    host.addEventListener('transition-quiz:ready', function ready() {
      host.removeEventListener('transition-quiz:ready', ready);
      if (host.__transitionQuizEarly === state) takeOver(host);
    });
    var inline = host.querySelector(':scope > script[type="application/json"]');
    var source = text || (inline ? inline.textContent : BUILT_IN);
    if (source) return; // (the drawing is being rewritten for the one-screen start)
    Promise.all([source, overrides]).then(function (files) {
      var source = files[0], mine = overrides ? files[1] : undefined;
      var screen = (typeof source === 'string' || source === BUILT_IN) && (mine === undefined || typeof mine === 'string') &&
        firstScreen(source, mine);
      if (!screen || host.__transitionQuizEarly !== state || startsElsewhere(host, screen.id)) return;
      state.screen = screen;
      state.theme = theme(host);
      state.root = el('div', { class: 'tq-root', 'data-early': '', hidden: '' });
      shadow.insertBefore(state.root, slot);
      draw(state);
      show();
    });
    function show() {
      if (!state.root || !state.css) return;
      state.root.hidden = false;
      slot.hidden = true;
      // Resolves once this frame is painted (the first task after the next frame).
      state.painted = new Promise(function (resolve) {
        requestAnimationFrame(function () { setTimeout(resolve, 0); });
      });
    }
  }

  // Draws the intro (step 0) or the first question (step 1) into the early root.
  function draw(state) {
    var screen = state.screen, ui = screen.ui, count = String(screen.count);
    var body, start;
    if (state.step === 0) {
      var minutes = String(Math.max(1, Math.ceil(screen.count * SECONDS_PER_QUESTION / 60)));
      body = el('section', { class: 'tq-step tq-intro', 'aria-labelledby': 'tq-heading' }, [
        el('h2', { id: 'tq-heading', class: 'tq-title', tabindex: '-1' }, [screen.title]),
        el('p', { class: 'tq-lead' }, [screen.intro]),
        el('p', { class: 'tq-meta' }, [fill(ui.duration, { count: count, minutes: minutes })]),
        on(state, start = el('button', { type: 'button', class: 'tq-primary tq-start' }, [ui.start]), function () {
          if (screen.choices) return go(state, 1);
          // The first question is shuffled: Start waits for the widget, which shows it.
          state.step = 1;
          start.setAttribute('aria-busy', 'true');
        }),
      ]);
    } else {
      var choices = screen.choices.map(function (text, idx) {
        var chosen = state.choice === idx;
        return on(state, el('button', {
          type: 'button', role: 'radio', class: chosen ? 'tq-choice tq-chosen' : 'tq-choice', 'aria-checked': String(chosen),
          tabindex: idx === (state.choice || 0) ? '0' : '-1',
        }, [el('span', { class: 'tq-choice-mark', 'aria-hidden': 'true' }), el('span', { class: 'tq-choice-text' }, [text])]),
        function () {
          if (state.choice != null) return;
          state.choice = idx;
          draw(state);
          state.root.querySelectorAll('.tq-choice')[idx].focus();
        });
      });
      // A choice moves on to the next question, which only the widget can show: until it
      // takes over, the choice shows as made and the others wait.
      var group = el('div', {
        class: 'tq-choices', role: 'radiogroup', 'aria-labelledby': 'tq-heading', 'aria-describedby': screen.help ? 'tq-help' : null,
        'aria-disabled': state.choice == null ? null : 'true', 'aria-busy': state.choice == null ? null : 'true',
      }, choices);
      group.addEventListener('keydown', function (event) { roam(event, group, screen.dir); });
      body = el('section', { class: 'tq-step tq-question' }, [
        el('div', { class: 'tq-progress' }, [
          el('p', { class: 'tq-progress-text' }, [fill(ui.progress, { current: '1', total: count })]),
          svg('svg', { class: 'tq-progress-bar', viewBox: '0 0 100 4', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' }, [
            svg('rect', { class: 'tq-progress-track', width: '100', height: '4', rx: '2' }),
            svg('rect', { class: 'tq-progress-done', width: '0', height: '4', rx: '2' }),
          ]),
        ]),
        el('h2', { id: 'tq-heading', class: 'tq-prompt', tabindex: '-1' }, [screen.prompt]),
        screen.help ? el('p', { class: 'tq-help', id: 'tq-help' }, [screen.help]) : null,
        group,
        el('div', { class: 'tq-nav' }, [
          on(state, el('button', { type: 'button', class: 'tq-secondary tq-back' }, [ui.back]), function () { state.choice = null; go(state, 0); }),
        ]),
      ]);
    }
    state.root.textContent = '';
    state.root.appendChild(el('div', { class: 'tq-widget', lang: screen.locale, dir: screen.dir, 'data-theme': state.theme }, [
      body, el('p', { class: 'tq-sr-only', 'aria-live': 'polite', 'aria-atomic': 'true' }),
    ]));
  }

  // What a drawn element is, as a selector that finds its counterpart in the widget (with
  // its index among the matches): the heading, Start, Back or a choice.
  function kindOf(element) {
    return ['h2', '.tq-start', '.tq-back', '.tq-choice'].filter(function (kind) { return element.matches(kind); })[0] || 'h2';
  }

  // Runs `action` on a click on a drawn button. A click that reaches a drawn button after
  // the widget took over (a script that held on to it) goes to the widget's own button.
  function on(state, button, action) {
    button.addEventListener('click', function () {
      if (!state.taken) return state.root && state.root.contains(button) && action();
      var kind = kindOf(button);
      var drawn = button.closest('.tq-root');
      var idx = drawn ? Array.prototype.indexOf.call(drawn.querySelectorAll(kind), button) : 0;
      click(state.host.shadowRoot.querySelectorAll('.tq-root ' + kind)[idx]);
    });
    return button;
  }

  // Moves to another step, and focus to its heading, as the widget does.
  function go(state, step) {
    state.step = step;
    draw(state);
    state.root.querySelector('h2').focus();
  }

  // Arrow keys, Home and End move between the choices (src/view/question.rs).
  function roam(event, group, dir) {
    var buttons = Array.prototype.slice.call(group.querySelectorAll('[role=radio]'));
    var current = buttons.indexOf(event.target.closest('[role=radio]'));
    var n = buttons.length, forward = dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    var back = dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
    var to = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: n - 1 }[event.key];
    if (event.key === forward) to = current + 1;
    if (event.key === back) to = current - 1;
    if (current < 0 || to == null) return;
    event.preventDefault();
    buttons[(to + n) % n].focus();
  }

  // The widget is ready: src/embed.rs has shown it beside the drawing, in the same task.
  // The drawing goes, and what the reader did on it is replayed on the widget, one step
  // per turn of Yew's scheduler (it renders in a microtask, so all before the next paint);
  // focus goes where it was. Called from inside the widget's event: the clicks wait for a
  // microtask, so that they never run inside the wasm's own call.
  function takeOver(host) {
    var state = host.__transitionQuizEarly;
    host.__transitionQuizEarly = null;
    if (!state || !state.root) return;
    var shadow = host.shadowRoot, focused = shadow.activeElement;
    var where = null;
    if (focused && state.root.contains(focused)) {
      var kind = kindOf(focused);
      where = [kind, Array.prototype.indexOf.call(state.root.querySelectorAll(kind), focused)];
    }
    state.root.remove();
    state.root = null;
    state.taken = true;
    var widget = function (selector, idx) { return shadow.querySelectorAll('.tq-root ' + selector)[idx || 0]; };
    // Each step: what it acts on in the widget, and what it does there.
    var steps = [];
    if (state.step === 1) steps.push(['.tq-start', 0, click]);
    if (state.step === 1 && state.choice != null) steps.push(['.tq-choice', state.choice, click]);
    else if (where) steps.push([where[0], where[1], function (target) { target.focus(); }]);
    // A step runs once the widget shows what it acts on: Yew renders the question Start asks
    // for in a microtask, though not always the very next one, so look again on each turn (a
    // few microtasks, then tasks), and give a step up after about a second. Never at once:
    // this runs inside the widget's own call.
    function next(tries) {
      var step = steps[0];
      if (!step) return;
      var target = widget(step[0], step[1]);
      if (target || tries > 60) {
        steps.shift();
        if (target) step[2](target);
        tries = 0;
      }
      if (tries < 10) queueMicrotask(function () { next(tries + 1); });
      else setTimeout(function () { next(tries + 1); }, 20);
    }
    queueMicrotask(function () { next(0); });
  }

  function click(button) { if (button) button.click(); }

  // The widget could not load, or the host was unmounted: the drawing goes, the host's own
  // content (its fallback) shows again.
  function giveUpEarly(host) {
    var state = host.__transitionQuizEarly;
    host.__transitionQuizEarly = null;
    if (state && state.root) {
      state.root.remove();
      state.root = null; // and the stylesheet's arrival shows nothing
      var slot = host.shadowRoot && host.shadowRoot.querySelector('slot');
      if (slot) slot.hidden = false;
    }
  }

  // Each host gets its own wasm instance (see scripts/post-build.mjs for why). Instances
  // freed by unmount() are kept and reused, so a page that remounts (the playground, a
  // single-page site) does not gain another instance's memory (256 KB) each time.
  var spare = [];

  function instantiate(loaded) {
    if (spare.length) return Promise.resolve(spare.pop());
    var instance = loaded[0]();
    return instance({ module_or_path: loaded[1] }).then(function () { return instance; });
  }

  function mount(host) {
    if (host.__transitionQuiz) return host.__transitionQuiz;
    // The quiz and overrides files and the stylesheet download while the wasm does, instead
    // of after it.
    // Without data-quiz-src or a quiz written inside the host, the built-in quiz's file.
    var builtIn = host.querySelector(':scope > script[type="application/json"]') ? null : base + 'quizzes/four-transitions.en.json';
    var text = fetchFile(host, 'data-quiz-src', builtIn), overrides = fetchFile(host, 'data-quiz-overrides');
    early(host, text, overrides);
    var loading = Promise.all([loadGlue(), loadModule()]).then(function (loaded) {
      // Instantiating and mounting hold the main thread for a while (tens of ms on a slow
      // phone): when the drawing is about to be painted, let it be painted first.
      var state = host.__transitionQuizEarly;
      return state && state.painted ? state.painted.then(function () { return loaded; }) : loaded;
    }).then(instantiate).then(function (instance) {
      // Mounting in a task of its own, after the instantiation's: a click or a frame that
      // is due gets its turn in between.
      return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(function () {
        instance.mount(host, base, text || undefined, overrides || undefined, undefined);
        return instance;
      });
    });
    loading.catch(function (error) {
      host.__transitionQuiz = null;
      giveUpEarly(host);
      host.setAttribute('data-transition-quiz-state', 'error');
      console.error('transition-quiz: the widget could not load; the page keeps its fallback content.', error);
      host.dispatchEvent(new CustomEvent('transition-quiz:error', {
        bubbles: true, composed: true,
        detail: { quiz: host.getAttribute('data-transition-quiz') || '', kind: 'network', message: String(error) },
      }));
    });
    return (host.__transitionQuiz = loading);
  }

  // Lazy hosts (the default) load when they come within about one screen of the viewport.
  function watch(host) {
    if (host.__transitionQuiz || host.__transitionQuizWatched) return;
    if (host.getAttribute('data-loading') === 'eager' || !window.IntersectionObserver) return mount(host);
    nearby = nearby || new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        nearby.unobserve(entry.target);
        entry.target.__transitionQuizWatched = false;
        mount(entry.target);
      });
    }, { rootMargin: '100% 0px' });
    host.__transitionQuizWatched = true;
    nearby.observe(host);
  }

  /** Mounts every host on the page that has no widget yet (call it after adding hosts). */
  function load() {
    Array.prototype.forEach.call(document.querySelectorAll(HOST), watch);
  }

  /** Removes the widget from `host` and shows its fallback again. */
  function unmount(host) {
    var loading = host.__transitionQuiz;
    // Read and clear the crash mark now: it belongs to the instance being removed, not to
    // a healthy one that load() may mount on this host next.
    var crashed = host.__transitionQuizCrashed;
    host.__transitionQuizCrashed = false;
    host.__transitionQuiz = null;
    if (host.__transitionQuizWatched && nearby) nearby.unobserve(host);
    host.__transitionQuizWatched = false;
    giveUpEarly(host);
    return loading ? loading.then(function (instance) {
      // An instance that panicked has stopped for good (src/embed.rs on_panic): never reuse it.
      if (crashed) return;
      instance.unmount(host);
      spare.push(instance);
    }, function () {}) : Promise.resolve();
  }

  /**
   * Every problem in quiz JSON text, or in an overrides file's (checked against `base`, the
   * text of the quiz it extends, by default the built-in quiz), as [{ path, message }] (empty
   * when valid); its `notChecked` lists what those problems kept from being checked yet.
   */
  var checker;
  function validate(text, base) {
    checker = checker || Promise.all([loadGlue(), loadModule()]).then(function (loaded) {
      var instance = loaded[0]();
      return instance({ module_or_path: loaded[1] }).then(function () { return instance; });
    });
    // An overrides file is checked against the quiz it extends: the built-in quiz's file
    // unless the playground gives another.
    var against = base != null ? Promise.resolve(String(base)) : /"extends"/.test(text)
      ? fetch(new URL('quizzes/four-transitions.en.json', script ? script.src : location.href)).then(function (r) { return r.text(); })
      : Promise.resolve(undefined);
    return Promise.all([checker, against]).then(function (both) { return both[0].validate(String(text), both[1]); });
  }

  // A panicking widget reports itself once (see on_panic in src/embed.rs); the wasm trap
  // that follows would only repeat it, as an uninformative "unreachable" error.
  function silenceTrap(event) {
    var error = event.error || event.reason;
    if (self.__transitionQuizPanic && error instanceof WebAssembly.RuntimeError) {
      self.__transitionQuizPanic = false;
      event.preventDefault();
    }
  }
  window.addEventListener('error', silenceTrap);
  window.addEventListener('unhandledrejection', silenceTrap);

  window.TransitionQuiz = { load: load, unmount: unmount, validate: validate };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', load);
  else load();
})();
