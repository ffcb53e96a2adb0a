/*! transition-quiz embed.js: finds the quiz hosts on a page, loads the widget when needed, mounts it. */
// Kept small and dependency-free: it discovers hosts, loads the wasm and mounts, and draws
// the first screen while the wasm downloads (see "Painting before the wasm" below).
// Everything else (reading host attributes, rendering, storage, events) is in Rust.
(function () {
  'use strict';
  // Included twice (two snippets pasted): the first copy does the work; this one only mounts
  // the hosts the page has so far, as the first copy did when it ran (see load() below).
  if (window.TransitionQuiz) return void window.TransitionQuiz.load();

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
  // A reader should not wait for the widget's wasm to see the quiz. As soon as the quiz
  // text is here, this draws the first screen (the intro with the first question) in the
  // host's shadow root, styled by the stylesheet embed.js carries (below). It writes no
  // markup of its own: it fills TEMPLATES, which the Yew components render at build time
  // (tests/early.rs, src/early-templates.json); and it decides nothing by itself: how many
  // questions, how long, the UI strings' {placeholders}, the order of shuffled choices, the
  // theme and whether to draw at all come from the rules module below, quiz-core's own rules
  // (crates/quiz-core/src/rules.rs) compiled small. A choice made on the drawing is kept and
  // made again on the widget when it takes over, in the same task; the drawing is made only
  // when the widget would start there (no shared result in the address, no saved progress).

  // Filled in by scripts/post-build.mjs: the templates, and the defaults of the UI strings
  // the first screen uses (quiz.schema.json's, which a test keeps equal to the Rust ones).
  var TEMPLATES = {/*templates*/};
  var UI_DEFAULTS = {/*ui-defaults*/};
  var BUILT_IN = 'quizzes/four-transitions.en.json';
  var rules;

  // The rules module (crates/first-screen, in base64: scripts/post-build.mjs puts it here
  // rather than in a file of its own, which was one more answer to wait for), once per page:
  // plain exports over a buffer of its memory (see crates/first-screen/src/lib.rs). Text goes
  // in as UTF-8 at offsets; numbers come back. A promise, so that a module that cannot run
  // only means no drawing.
  var RULES = '/*rules-wasm*/';
  function loadRules() {
    return rules || (rules = Promise.resolve().then(function () {
      // Uint8Array.fromBase64 decodes natively; the loop is for browsers without it (its
      // own time was about 5 ms per load at 4x CPU, bench/ab.mjs --profile).
      var bytes = Uint8Array.fromBase64 ? Uint8Array.fromBase64(RULES) : null;
      if (!bytes) {
        var binary = atob(RULES);
        bytes = new Uint8Array(binary.length);
        for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      }
      // Compiled at once: a few kilobytes compile in well under a millisecond, and compiling
      // it asynchronously (WebAssembly.instantiate) made no difference to the first question
      // (BENCHMARKS.md, issue 22).
      var x = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports, at = x.buffer(), size = x.buffer_size(), cursor = 0;
      var encoder = new TextEncoder(), decoder = new TextDecoder();
      var memory = function () { return new Uint8Array(x.memory.buffer, at, size); };
      // Writes `text` at the cursor: [offset, length]. Too long for the buffer: throws,
      // and nothing is drawn.
      var put = function (text) {
        var done = encoder.encodeInto(text, memory().subarray(cursor));
        if (done.read < text.length) throw new Error('too long');
        cursor += done.written;
        return [cursor - done.written, done.written];
      };
      // Writes little-endian 32-bit words at the (aligned) cursor: their offset.
      var words = function (list) {
        cursor = (cursor + 3) & ~3;
        var view = new DataView(x.memory.buffer, at + cursor, list.length * 4);
        list.forEach(function (word, idx) { view.setUint32(idx * 4, word, true); });
        cursor += list.length * 4;
        return cursor - list.length * 4;
      };
      var text = function (from, length) { return decoder.decode(memory().subarray(from, from + length)); };
      var call = function (name, args) {
        cursor = 0;
        return x[name].apply(null, [].concat.apply([], args.map(function (arg) { return typeof arg === 'string' ? put(arg) : [arg]; })));
      };
      return {
        minutes: function (count) { return x.minutes(count); },
        count: function (stages, shownTo) { cursor = 0; return x.most_shown(stages, words(shownTo), shownTo.length); },
        fill: function (template, values) {
          cursor = 0;
          var from = put(template), refs = [];
          for (var name in values) refs = refs.concat(put(name), put(String(values[name])));
          var list = words(refs), out = cursor, length = x.fill(from[0], from[1], list, refs.length / 4, out);
          if (!length) throw new Error('too long');
          return text(out, length);
        },
        order: function (seed, id, n) {
          cursor = 0;
          var from = put(id), out = cursor;
          x.order(seed, from[0], from[1], n, out);
          return Array.prototype.slice.call(memory().subarray(out, out + n));
        },
        shuffled: function (scored, own, quiz) { return x.is_shuffled(scored ? 1 : 0, own == null ? 2 : own ? 1 : 0, quiz ? 1 : 0) === 1; },
        hostKey: function (key) { return call('host_key_used', [key]) === 1; },
        persists: function (value) { return call('persists', [value]) === 1; },
        theme: function (host, data, cls) {
          cursor = 0;
          var none = [0, 0xffffffff], args = [].concat(put(host), data == null ? none : put(data), cls == null ? none : put(cls));
          return ['light', 'dark', 'auto'][x.theme.apply(null, args)];
        },
        elsewhere: function (key, fragment, keys) {
          cursor = 0;
          var k = put(key), f = put(fragment), refs = [];
          keys.forEach(function (storageKey) { refs = refs.concat(put(storageKey)); });
          return x.starts_elsewhere(k[0], k[1], f[0], f[1], words(refs), keys.length) === 1;
        },
      };
    }));
  }

  // The widget's first attempt at a host's file (`data-quiz-src`, the built-in quiz's, or
  // `data-quiz-overrides`): the text, the status of an error answer, or the error of a
  // request that got no answer (src/fetch.rs early_attempt). The widget retries and reports
  // failures; the drawing only uses the text.
  // XMLHttpRequest rather than fetch: its load event brings the whole text in one task,
  // where fetch's answer and then its text are two, each waiting its turn behind the page's
  // first layout (bench/ab.mjs; BENCHMARKS.md, issue 22). Its request is the same as
  // fetch's (CORS, same-origin credentials), so a page's <link rel="preload" as="fetch"
  // crossorigin> still serves it. Its text is read as UTF-8 whatever charset the server
  // names, as fetch's text() and the widget read it (JSON is UTF-8).
  function fetchFile(src) {
    if (!src) return null;
    var url;
    try { url = new URL(src, document.baseURI).href; } catch (error) { return null; } // the widget says why
    return new Promise(function (resolve) {
      var request = new XMLHttpRequest();
      request.overrideMimeType('text/plain; charset=utf-8');
      request.onload = function () {
        resolve(request.status >= 200 && request.status < 300 ? request.responseText : request.status);
      };
      request.onerror = request.onabort = function () { resolve(new TypeError('no answer')); };
      try {
        request.open('GET', url);
        request.send();
      } catch (error) {
        resolve(error); // a browser that refuses the request at once (an old one, under a CSP)
      }
    });
  }

  var isText = function (value) { return typeof value === 'string' && value.trim() !== ''; };
  var escape = function (text) {
    return String(text).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  };

  // The first screen of a host's quiz, with its overrides (quiz_core::overrides: the
  // owner's title, intro, UI strings and first question's texts), as the templates' holes
  // and the order of its choices; null when anything does not look right (the widget then
  // says what is wrong) or the widget would start elsewhere.
  function firstScreen(R, host, text, overrides, seed) {
    var quiz = JSON.parse(text), mine = overrides === undefined ? {} : JSON.parse(overrides);
    if (overrides !== undefined && mine.extends !== quiz.id) return null;
    var questions = quiz.questions, first = questions[0];
    if (!isText(quiz.id) || !isText(quiz.title) || !isText(quiz.intro) || !isText(first.prompt) ||
      !first.choices.every(function (choice) { return isText(choice.text); })) return null;
    var key = (host.getAttribute('data-transition-quiz') || '').trim();
    key = R.hostKey(key) ? key : quiz.id;
    var hash = location.hash, stored = [];
    try { hash = decodeURIComponent(hash); } catch (error) { /* as written */ }
    // With progress off the widget reads no saved progress, so neither does this (the
    // first access to storage also costs a few milliseconds of the first paint).
    if (R.persists(host.getAttribute('data-persist') || '')) {
      try { for (var i = 0; i < localStorage.length; i++) stored.push(localStorage.key(i)); } catch (error) { /* none */ }
    }
    if (R.elsewhere(key, hash, stored)) return null;
    // Who is shown each question, as sets of the stage question's answers (Quiz::is_shown).
    var stage = questions.filter(function (question) { return question.role === 'stage'; })[0];
    var stageIds = stage ? stage.choices.map(function (choice) { return choice.id; }) : [];
    var shownTo = questions.map(function (question) {
      return !question.stages ? 0xffffffff : question.stages.reduce(function (set, id) { return set | 1 << stageIds.indexOf(id); }, 0) >>> 0;
    });
    var count = R.count(stageIds.length, shownTo);
    // The owner's text where it is text, else the quiz's, else the default.
    var pick = function (theirs, own) { return isText(own) ? own : theirs; };
    var ui = {};
    for (var name in UI_DEFAULTS) ui[name] = pick(pick(UI_DEFAULTS[name], (quiz.ui || {})[name]), (mine.ui || {})[name]);
    var asked = (mine.questions || {})[first.id] || {}, answers = asked.choices || {};
    var help = pick(isText(first.help) ? first.help : null, asked.help);
    var n = first.choices.length, order = [];
    for (var idx = 0; idx < n; idx++) order.push(idx);
    if (R.shuffled((first.role || 'scored') === 'scored', first.shuffle, quiz.shuffle === true)) order = R.order(seed, first.id, n);
    var html = TEMPLATES.screens[[help ? 'help' : '', count === 1 ? 'last' : ''].join(' ').trim() || 'plain'];
    var holes = {
      lang: quiz.locale || 'en', dir: quiz.dir === 'rtl' ? 'rtl' : 'ltr',
      theme: R.theme(host.getAttribute('data-theme') || '', document.documentElement.getAttribute('data-theme'), document.documentElement.getAttribute('class')),
      title: pick(quiz.title, mine.title), lead: pick(quiz.intro, mine.intro),
      meta: R.fill(ui.duration, { count: count, minutes: R.minutes(count) }),
      prompt: pick(first.prompt, asked.prompt), help: help,
      live: R.fill(ui.step_announcement, { current: 1, total: count }), see_result: ui.see_result,
    };
    var choices = order.map(function (choiceIdx, position) {
      var choice = first.choices[choiceIdx];
      return TEMPLATES.choice[position ? 'other' : 'first'].replace('{{text}}', escape(pick(choice.text, (answers[choice.id] || {}).text)));
    }).join('');
    return {
      html: html.replace(/\{\{(\w+)\}\}/g, function (all, hole) { return hole === 'choices' ? choices : escape(holes[hole]); }),
    };
  }

  // The widget's stylesheet (widget.css, minified), written in by scripts/post-build.mjs,
  // and made into one constructed stylesheet that every host on the page shares. It applies
  // at once, with no request: a <link> was one more answer to wait for, handled after the
  // page's first layout and often after the quiz, and its request alone took 2 ms of main
  // thread (10 at 4x CPU) before that layout (BENCHMARKS.md, issue 22). Constructed
  // stylesheets need no 'unsafe-inline' under a Content-Security-Policy, as a <style> would.
  var CSS = '/*widget-css*/', sheet;
  function sharedSheet() {
    if (sheet === undefined) {
      try {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      } catch (error) {
        sheet = null; // no constructed stylesheets: widget.css through a <link>
      }
    }
    return sheet;
  }

  // Sets up the host's shadow root: the widget's stylesheet, and the slot that shows the
  // host's own children (its fallback) meanwhile. The widget (src/mount.rs) keeps both. In
  // a browser without constructed stylesheets (Safari before 16.4) the stylesheet is a
  // <link> to widget.css, asked for before the quiz so that its answer comes first: `css`.
  function prepare(host) {
    var shadow = host.shadowRoot || host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '';
    var css = null;
    if ('adoptedStyleSheets' in shadow && sharedSheet()) {
      shadow.adoptedStyleSheets = [sheet];
    } else {
      css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = base + 'widget.css';
      css.className = 'tq-css';
      shadow.appendChild(css);
    }
    var slot = document.createElement('slot');
    shadow.appendChild(slot);
    return { shadow: shadow, css: css, slot: slot };
  }

  // Draws the first screen in the prepared shadow root once the quiz and the rules are here.
  // The drawing goes in hidden, and the stylesheet shows it (`.tq-root[data-early]`): with a
  // <link>, it shows in the first frame after both are here, without waiting for the
  // stylesheet's load event, one more task on a busy page. The widget takes the drawing's
  // place when its quiz is ready.
  function early(host, parts, text, overrides, seed) {
    var shadow = parts.shadow, css = parts.css, slot = parts.slot;
    var state = { host: host, root: null, css: !css, choice: null, taken: false };
    host.__transitionQuizEarly = state;
    var settled = function (how) {
      return function () { css.setAttribute('data-state', how); state.css = how === 'loaded'; show(); };
    };
    if (css) {
      css.addEventListener('load', settled('loaded'));
      css.addEventListener('error', settled('failed'));
    }
    host.addEventListener('transition-quiz:ready', function ready() {
      host.removeEventListener('transition-quiz:ready', ready);
      if (host.__transitionQuizEarly === state) takeOver(host);
    });
    var inline = host.querySelector(':scope > script[type="application/json"]');
    var decided;
    // Resolves once the drawing is painted and the frame after it has been drawn too, or
    // once there will be none.
    state.settled = new Promise(function (resolve) { decided = resolve; });
    Promise.all([text || (inline && inline.textContent), overrides, loadRules()]).then(function (files) {
      var mine = overrides ? files[1] : undefined;
      if (host.__transitionQuizEarly !== state || typeof files[0] !== 'string' || overrides && typeof mine !== 'string') return;
      var screen = firstScreen(files[2], host, files[0], mine, seed);
      if (!screen) return;
      state.screen = screen;
      state.root = document.createElement('div');
      state.root.className = 'tq-root';
      state.root.setAttribute('data-early', '');
      state.root.hidden = true;
      state.root.innerHTML = screen.html;
      Array.prototype.forEach.call(state.root.querySelectorAll('.tq-choice'), function (button, position) {
        button.addEventListener('click', function () { choose(state, position); });
      });
      var group = state.root.querySelector('.tq-choices');
      group.addEventListener('keydown', function (event) { roam(event, group, state.root.querySelector('.tq-widget').dir); });
      shadow.insertBefore(state.root, slot);
      show();
    }).catch(function () { /* no drawing: the widget shows the first screen itself */ }).then(function () {
      if (!state.root) decided();
    });
    // The stylesheet shows the drawing (see above); this says so in the attributes too,
    // which the widget then goes by, and starts the countdown below.
    function show() {
      if (!state.root || !state.css) return;
      state.root.hidden = false;
      slot.hidden = true;
      // Resolved in the first task after the frame that paints the drawing and the one after
      // it: what it starts (the widget's download: inserting its glue's script, handling its
      // response) then stays out of the frames that show the quiz and answer a first click.
      // Started in the task right after the paint, it held the next frame back (bench/ab.mjs:
      // 51 ms from the drawing in the DOM to the frame after its paint, against 36 ms, and
      // the Preact widget's 29 ms); the widget is ready one frame later, which its download
      // and compilation dwarf.
      var frame = function (then) { requestAnimationFrame(function () { setTimeout(then, 0); }); };
      frame(function () { frame(decided); });
    }
  }

  // A choice on the drawing: shown as made, the others wait, until the widget takes over
  // and makes it there (it moves on to the next question, which only the widget can show).
  // A click that reaches a drawn choice after the widget took over (a script that held on
  // to it) goes to the widget's own choice.
  function choose(state, position) {
    if (state.taken) return click(state.host.shadowRoot.querySelectorAll('.tq-root .tq-choice')[position]);
    if (state.choice != null || !state.root) return;
    state.choice = position;
    var buttons = state.root.querySelectorAll('.tq-choice');
    buttons[position].classList.add('tq-chosen');
    buttons[position].setAttribute('aria-checked', 'true');
    state.root.querySelector('.tq-choices').setAttribute('aria-busy', 'true');
  }

  // Arrow keys, Home and End move focus between the choices, as in the widget
  // (src/view/question.rs); the widget's own handler takes over with the rest.
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

  // The widget is ready: src/mount.rs has shown it beside the drawing, in the same task,
  // with the same first screen (the same templates' markup, the same order). The drawing
  // goes; focus goes where it was; a choice made on the drawing is made on the widget, once
  // it shows its choices. Called from inside the widget's event: the click waits for a
  // microtask, so that it never runs inside the wasm's own call.
  function takeOver(host) {
    var state = host.__transitionQuizEarly;
    host.__transitionQuizEarly = null;
    if (!state || !state.root) return;
    var shadow = host.shadowRoot, focused = shadow.activeElement, where = null;
    if (focused && state.root.contains(focused)) {
      var kind = focused.matches('.tq-choice') ? '.tq-choice' : '.tq-prompt';
      where = [kind, Array.prototype.indexOf.call(state.root.querySelectorAll(kind), focused)];
    }
    state.root.remove();
    state.root = null;
    state.taken = true;
    var widget = function (selector, idx) { return shadow.querySelectorAll('.tq-root:not([data-early]) ' + selector)[idx]; };
    var tries = 0;
    (function next() {
      var choice = widget('.tq-choice', state.choice == null ? 0 : state.choice);
      if (!choice && tries++ < 60) return tries < 10 ? queueMicrotask(next) : setTimeout(next, 20);
      if (where && widget(where[0], where[1])) widget(where[0], where[1]).focus();
      if (state.choice != null) click(choice);
    })();
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
    // The shadow root is prepared with the stylesheet, then the quiz and overrides files
    // (without data-quiz-src or a quiz written inside the host, the built-in quiz's file) are
    // asked for at once: the first screen needs them, and the widget takes them over.
    var inline = host.querySelector(':scope > script[type="application/json"]');
    var attribute = function (name) { return (host.getAttribute(name) || '').trim(); };
    var parts = prepare(host);
    var text = fetchFile(attribute('data-quiz-src') || (inline ? '' : base + BUILT_IN));
    var overrides = fetchFile(attribute('data-quiz-overrides'));
    // The reader's seed for shuffled choices: drawn here, for the drawing and the widget
    // both (src/load.rs keeps it), so the widget shows the choices in the order drawn.
    var seed = window.crypto && crypto.getRandomValues ? crypto.getRandomValues(new Uint32Array(1))[0] : Math.random() * 4294967296 >>> 0;
    early(host, parts, text, overrides, seed);
    // The widget's code is not needed to show the first screen, only to go past it: it is
    // fetched, compiled and instantiated once the drawing is painted, a frame later (or given
    // up, or after a second at most: a quiz file that does not answer is the widget's to time
    // out and report), so that it takes neither bandwidth nor the main thread from the first
    // paint.
    // The reader reads the first screen meanwhile; a choice made before the widget is here
    // is made on it when it takes over.
    var drawn = Promise.race([host.__transitionQuizEarly.settled, new Promise(function (resolve) { setTimeout(resolve, 1000); })]);
    var loading = drawn.then(function () { return Promise.all([loadGlue(), loadModule()]); }).then(instantiate).then(function (instance) {
      // Mounting in a task of its own, after the instantiation's: a click or a frame that
      // is due gets its turn in between.
      return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(function () {
        instance.mount(host, base, text || undefined, overrides || undefined, seed);
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
  // While the page is still being parsed (embed.js as a plain or async script rather than a
  // deferred one), a host is whole only if the running script comes after it and outside it:
  // those are mounted at once, the rest when the page is parsed (DOMContentLoaded, below).
  // Waiting for the whole page held a quiz back until every byte of a long post had arrived.
  function load() {
    var at = document.readyState === 'loading' ? document.currentScript : document;
    Array.prototype.forEach.call(document.querySelectorAll(HOST), function (host) {
      // 4: `at` follows the host; 16: it is inside it.
      if (at === document || at && (host.compareDocumentPosition(at) & 20) === 4) watch(host);
    });
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
      ? fetch(new URL(BUILT_IN, script ? script.src : location.href)).then(function (r) { return r.text(); })
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
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', load);
    // A plain script in the <head> holds the whole page's first paint until it has arrived.
    if (document.currentScript && !document.body && !script.async && !script.defer) {
      console.warn('transition-quiz: embed.js is in the page\'s <head> without defer, so the page shows nothing until it has arrived; add defer to its <script> tag, or move the tag after the quiz\'s element.');
    }
  }
  load();
})();
