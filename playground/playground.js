// The authoring playground: validates the quiz as the site owner types (through the same
// wasm validator the widget uses), previews it live, and builds the embed snippet.
(function () {
  'use strict';
  var source = document.getElementById('source');
  var status = document.getElementById('status');
  var problems = document.getElementById('problems');
  var preview = document.getElementById('preview');
  var snippet = document.getElementById('snippet');
  var copied = document.getElementById('copied');
  var base = new URL('.', document.currentScript.src).href;
  var timer = null;
  var checked = 0; // Only the newest check may update the page.

  function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  function quizId() {
    try { return JSON.parse(source.value).id || 'my-quiz'; } catch (error) { return 'my-quiz'; }
  }

  function snippetText(inline) {
    var host = inline
      ? '<div data-transition-quiz="' + escapeHtml(quizId()) + '">\n  <script type="application/json">\n' +
        source.value.replace(/<\//g, '<\\/') + '\n  </script>\n</div>'
      : '<div data-transition-quiz="' + escapeHtml(quizId()) + '" data-quiz-src="https://your.site/quizzes/' +
        escapeHtml(quizId()) + '.json">\n  <a href="https://your.site/quiz">Take the quiz</a>\n</div>';
    return host + '\n<script src="' + base + 'embed.js" defer></script>';
  }

  /** Moves the cursor to "line L, column C" in the editor. */
  function select(line, column) {
    var lines = source.value.split('\n');
    var offset = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += column - 1;
    source.focus();
    source.setSelectionRange(offset, offset + 1);
  }

  function show(found) {
    problems.textContent = '';
    found.forEach(function (problem) {
      var item = document.createElement('li');
      var where = document.createElement('code');
      where.textContent = problem.path || '(the whole file)';
      item.appendChild(where);
      item.appendChild(document.createTextNode(' ' + problem.message));
      var position = /^line (\d+), column (\d+)$/.exec(problem.path);
      if (position) {
        var go = document.createElement('button');
        go.type = 'button';
        go.textContent = 'Show';
        go.addEventListener('click', function () { select(+position[1], +position[2]); });
        item.appendChild(go);
      }
      problems.appendChild(item);
    });
    status.textContent = found.length === 0
      ? 'No problems: this quiz is valid.'
      : found.length + (found.length === 1 ? ' problem' : ' problems') + ' to fix:';
    status.className = 'status ' + (found.length ? 'bad' : 'good');
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
      host.appendChild(data);
      preview.appendChild(host);
      window.TransitionQuiz.load();
    });
  }

  function check() {
    var mine = ++checked;
    window.TransitionQuiz.validate(source.value).then(function (found) {
      if (mine !== checked) return;
      show(found);
      snippet.textContent = snippetText(false);
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

  function start(path) {
    fetch(base + path).then(function (response) { return response.text(); }).then(function (text) {
      source.value = text;
      check();
    });
  }
  document.getElementById('start-from').addEventListener('change', function (event) { start(event.target.value); });
  start(document.getElementById('start-from').value);
})();
