/*! transition-quiz embed.js: finds the quiz hosts on a page, loads the widget, mounts it. */
// Kept small and dependency-free: it only discovers hosts, loads the wasm and mounts.
// Everything else (reading host attributes, rendering, storage, events) is in Rust.
(function () {
  'use strict';
  if (window.TransitionQuiz) return; // Included twice: the first copy does the work.

  var HOST = '[data-transition-quiz]';
  // The folder this script was served from: the glue, wasm and CSS sit beside it.
  var script = document.currentScript || document.querySelector('script[src*="embed.js"]');
  var base = new URL('.', script ? script.src : location.href).href;
  var glue, module;

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
    module = fetch(url, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw new Error('could not load ' + url + ': HTTP ' + response.status);
      // compileStreaming needs the application/wasm type; not every host sends it.
      return /application\/wasm/.test(response.headers.get('Content-Type') || '')
        ? WebAssembly.compileStreaming(response)
        : response.arrayBuffer().then(WebAssembly.compile);
    });
    module.catch(function () { module = null; });
    return module;
  }

  // Each host gets its own wasm instance (see scripts/post-build.mjs for why).
  function mount(host) {
    if (host.__transitionQuiz) return host.__transitionQuiz;
    var loading = Promise.all([loadGlue(), loadModule()]).then(function (loaded) {
      var instance = loaded[0]();
      return instance({ module_or_path: loaded[1] }).then(function () {
        instance.mount(host, base);
        return instance;
      });
    });
    loading.catch(function (error) {
      host.__transitionQuiz = null;
      host.setAttribute('data-transition-quiz-state', 'error');
      console.error('transition-quiz: the widget could not load; the page keeps its fallback content.', error);
    });
    return (host.__transitionQuiz = loading);
  }

  function load() {
    Array.prototype.forEach.call(document.querySelectorAll(HOST), mount);
  }

  function unmount(host) {
    var loading = host.__transitionQuiz;
    host.__transitionQuiz = null;
    return loading ? loading.then(function (instance) { instance.unmount(host); }) : Promise.resolve();
  }

  window.TransitionQuiz = { load: load, unmount: unmount };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', load);
  else load();
})();
