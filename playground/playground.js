// The authoring playground: validates the quiz as the site owner types (through the same
// wasm validator the widget uses), shows where each problem is in the text, previews the
// quiz live (marked out of date while the text is not valid), and builds the embed snippet.
// An overrides file (a JSON object with "extends") is checked against the quiz it extends,
// one of the starting points, and previewed on it through data-quiz-overrides.
(function () {
  'use strict';
  var source = document.getElementById('source');
  var status = document.getElementById('status');
  var problems = document.getElementById('problems');
  var preview = document.getElementById('preview');
  var staleMark = document.getElementById('stale-mark');
  var staleNote = document.getElementById('stale-note');
  var snippet = document.getElementById('snippet');
  var copied = document.getElementById('copied');
  var notChecked = document.getElementById('not-checked');
  var snippetIntro = document.getElementById('snippet-intro');
  var copyInline = document.getElementById('copy-inline');
  var startFrom = document.getElementById('start-from');
  var base = new URL('.', document.currentScript.src).href;
  var timer = null;
  var checked = 0; // Only the newest check may update the page.
  var overridesUrl = null; // The preview's overrides, as a blob: URL.
  var BUILT_IN = 'quizzes/four-transitions.en.json';

  // The quizzes an overrides file can extend here: the starting points, by id, with their
  // text and path.
  var bases = {};
  var loaded = Promise.all(Array.prototype.filter.call(startFrom.options, function (option) {
    return /\.json$/.test(option.value);
  }).map(function (option) {
    return fetch(base + option.value).then(function (response) { return response.text(); }).then(function (text) {
      bases[JSON.parse(text).id] = { text: text, path: option.value };
    });
  }));

  /** The id of the quiz the text extends when it is an overrides file; null for a quiz. */
  function extendsId() {
    var value;
    try { value = JSON.parse(source.value); } catch (error) { return null; }
    return value && typeof value === 'object' && 'extends' in value ? String(value.extends) : null;
  }

  function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  function quizId() {
    try { return JSON.parse(source.value).id || 'my-quiz'; } catch (error) { return 'my-quiz'; }
  }

  function snippetText(inline) {
    var extended = extendsId();
    if (extended !== null) {
      var quiz = bases[extended];
      var src = quiz && quiz.path !== BUILT_IN ? ' data-quiz-src="' + base + quiz.path + '"' : '';
      return '<div data-transition-quiz' + src + ' data-quiz-overrides="https://your.site/quizzes/my-overrides.json">\n' +
        '  <a href="https://your.site/quiz">Take the quiz</a>\n</div>\n<script src="' + base + 'embed.js" defer></script>';
    }
    var host = inline
      ? '<div data-transition-quiz="' + escapeHtml(quizId()) + '">\n  <script type="application/json">\n' +
        source.value.replace(/<\//g, '<\\/') + '\n  </script>\n</div>'
      : '<div data-transition-quiz="' + escapeHtml(quizId()) + '" data-quiz-src="https://your.site/quizzes/' +
        escapeHtml(quizId()) + '.json">\n  <a href="https://your.site/quiz">Take the quiz</a>\n</div>';
    return host + '\n<script src="' + base + 'embed.js" defer></script>';
  }

  /** The range of "line L, column C" (1-based) in the editor's text: one character. */
  function lineColumn(line, column) {
    var lines = source.value.split('\n');
    var offset = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += column - 1;
    return { start: offset, end: offset + 1 };
  }

  /**
   * The JSON text's values with where each starts and ends: objects with their members (each
   * key's range), lists with their items. Null when the text is not JSON. Written by hand
   * because JSON.parse keeps no positions; it only ever reads text JSON.parse accepted.
   */
  function positions(text) {
    try { JSON.parse(text); } catch (error) { return null; }
    var at = 0;
    function space() { while (' \t\n\r'.indexOf(text[at]) >= 0 && at < text.length) at++; }
    function string() {
      var start = at++;
      while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
      at++;
      return { start: start, end: at, text: JSON.parse(text.slice(start, at)) };
    }
    function value() {
      space();
      var node = { start: at };
      var open = text[at];
      if (open === '{' || open === '[') {
        at++;
        node.children = [];
        space();
        while (text[at] !== (open === '{' ? '}' : ']')) {
          space();
          var key = open === '{' ? string() : null;
          if (key) { space(); at++; } // the colon
          node.children.push({ key: key && key.text, at: key || null, value: value() });
          space();
          if (text[at] === ',') at++;
        }
        at++;
      } else if (open === '"') {
        string();
      } else {
        while (at < text.length && ' \t\n\r,]}'.indexOf(text[at]) < 0) at++;
      }
      node.end = at;
      return node;
    }
    return value();
  }

  /**
   * Where a problem's path (`title`, `questions[4].promt`, `outcomes[1].id`) is in `text`:
   * the key of an object member, or a list item's value (only its first character for an
   * object or a list). A path the text does not fully have (a missing field) stops at the
   * deepest part it has. A key written twice is found at its last place, the one to remove.
   */
  function locate(text, path) {
    var node = positions(text);
    if (!node || !path) return null;
    var found = null;
    var parts = path.match(/[^.[\]]+|\[\d+\]/g) || [];
    for (var i = 0; i < parts.length && node && node.children; i++) {
      var part = parts[i];
      var index = /^\[(\d+)\]$/.exec(part);
      var child = index
        ? node.children[+index[1]]
        : node.children.filter(function (member) { return member.key === part; }).pop();
      if (!child) break;
      node = child.value;
      var whole = node.children ? node.start + 1 : node.end;
      found = child.at ? { start: child.at.start + 1, end: child.at.end - 1 } : { start: node.start, end: whole };
    }
    return found;
  }

  /** Selects `range` in the editor and scrolls it to the middle of the editor's view. */
  function select(range) {
    source.focus();
    source.setSelectionRange(range.start, range.end);
    // Browsers do not scroll a textarea to a selection made by script. A hidden copy of the
    // editor, as wide and wrapping the same way, holding the text before the selection,
    // is as tall as the selection is far down the text.
    var style = getComputedStyle(source);
    var copy = document.createElement('div');
    ['font', 'lineHeight', 'padding', 'tabSize', 'letterSpacing'].forEach(function (name) { copy.style[name] = style[name]; });
    copy.style.cssText += 'position: absolute; visibility: hidden; white-space: pre-wrap; overflow-wrap: break-word;' +
      'box-sizing: border-box; border: 0; width: ' + source.clientWidth + 'px';
    copy.textContent = source.value.slice(0, range.start);
    document.body.appendChild(copy);
    source.scrollTop = Math.max(0, copy.offsetHeight - source.clientHeight / 2);
    copy.remove();
  }

  /** Where a problem is in the text: its line and column, or its path; null if nowhere. */
  function place(problem) {
    var position = /^line (\d+), column (\d+)$/.exec(problem.path);
    return position ? lineColumn(+position[1], +position[2]) : locate(source.value, problem.path);
  }

  function show(found) {
    problems.textContent = '';
    notChecked.textContent = '';
    (found.notChecked || []).forEach(function (note) {
      var item = document.createElement('li');
      item.textContent = 'Not checked yet: ' + (note.path ? note.path + ': ' : '') + note.message;
      notChecked.appendChild(item);
    });
    found.forEach(function (problem) {
      var item = document.createElement('li');
      var where = document.createElement('code');
      where.textContent = problem.path || '(the whole file)';
      item.appendChild(where);
      item.appendChild(document.createTextNode(' ' + problem.message));
      var range = place(problem);
      if (range) {
        var go = document.createElement('button');
        go.type = 'button';
        go.textContent = 'Show';
        go.setAttribute('aria-label', 'Show ' + (problem.path || 'the problem') + ' in the quiz text');
        go.addEventListener('click', function () { select(range); });
        item.appendChild(go);
      }
      problems.appendChild(item);
    });
    status.textContent = found.length === 0
      ? 'No problems: this quiz is valid.'
      : found.length + (found.length === 1 ? ' problem' : ' problems') + ' to fix:';
    status.className = 'status ' + (found.length ? 'bad' : 'good');
    markStale(found.length > 0 && preview.childElementCount > 0);
  }

  /** Marks the preview as out of date while it shows a quiz the text no longer is. */
  function markStale(stale) {
    staleMark.hidden = !stale;
    staleNote.hidden = !stale;
    preview.classList.toggle('stale', stale);
  }

  function render() {
    var old = preview.querySelector('[data-transition-quiz]');
    var done = old ? window.TransitionQuiz.unmount(old) : Promise.resolve();
    done.then(function () {
      preview.textContent = '';
      var host = document.createElement('div');
      host.setAttribute('data-transition-quiz', '');
      host.setAttribute('data-loading', 'eager');
      host.setAttribute('data-persist', 'false');
      var data = document.createElement('script');
      data.type = 'application/json';
      data.textContent = source.value;
      var extended = extendsId();
      if (extended !== null) {
        // The quiz it extends, inline, and the overrides as a file, as a page would have them.
        data.textContent = bases[extended].text;
        if (overridesUrl) URL.revokeObjectURL(overridesUrl);
        overridesUrl = URL.createObjectURL(new Blob([source.value], { type: 'application/json' }));
        host.setAttribute('data-quiz-overrides', overridesUrl);
      }
      host.appendChild(data);
      preview.appendChild(host);
      window.TransitionQuiz.load();
    });
  }

  function check() {
    var mine = ++checked;
    var extended = extendsId();
    var quiz = extended !== null && bases[extended];
    window.TransitionQuiz.validate(source.value, quiz ? quiz.text : undefined).then(function (found) {
      if (mine !== checked) return;
      show(found);
      snippet.textContent = snippetText(false);
      snippetIntro.textContent = extended !== null
        ? 'Host your overrides file, then paste this where the quiz goes:'
        : 'Host your quiz file, then paste this where the quiz goes:';
      copyInline.hidden = extended !== null;
      if (found.length === 0) render();
    });
  }

  source.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  });

  function copy(text) {
    var done = function () { copied.textContent = 'Copied.'; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { snippet.focus(); });
    } else {
      var range = document.createRange();
      range.selectNodeContents(snippet);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      copied.textContent = 'Selected: press Ctrl+C (or Cmd+C) to copy.';
    }
  }
  document.getElementById('copy-snippet').addEventListener('click', function () { copy(snippetText(false)); });
  document.getElementById('copy-inline').addEventListener('click', function () { copy(snippetText(true)); });

  /** A starting overrides file: every outcome of the built-in quiz, with its links and a call to action. */
  function overridesExample() {
    var quiz = JSON.parse(bases['four-transitions'].text);
    var outcomes = {};
    quiz.outcomes.forEach(function (outcome) {
      outcomes[outcome.id] = {
        links: outcome.links || [],
        cta: { text: 'Book a call about {outcome}', url: 'https://your.site/book?gap={outcome}' },
      };
    });
    return JSON.stringify({ version: 2, extends: quiz.id, outcomes: outcomes }, null, 2);
  }

  function start(path) {
    loaded.then(function () {
      var quiz = Object.keys(bases).map(function (id) { return bases[id]; }).filter(function (b) { return b.path === path; })[0];
      source.value = quiz ? quiz.text : overridesExample();
      check();
    });
  }
  startFrom.addEventListener('change', function (event) { start(event.target.value); });
  start(startFrom.value);
})();
