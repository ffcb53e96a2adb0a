/*! transition-quiz embed.js: finds the quiz hosts on a page, loads the widget when needed, mounts it. */
// Kept small and dependency-free: it only discovers hosts, loads the wasm and mounts.
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
    // Start the stylesheet now too, so it arrives with the wasm rather than after it.
    preload(base + 'widget.css', 'style');
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

  function preload(href, as) {
    var link = document.createElement('link');
    link.rel = 'preload';
    link.as = as;
    link.href = href;
    if (as === 'fetch') link.crossOrigin = 'anonymous'; // Matches the widget's own fetch().
    document.head.appendChild(link);
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
    // The quiz file downloads while the wasm does, instead of after it.
    var src = host.getAttribute('data-quiz-src');
    if (src) preload(new URL(src, document.baseURI).href, 'fetch');
    var loading = Promise.all([loadGlue(), loadModule()]).then(instantiate).then(function (instance) {
      instance.mount(host, base);
      return instance;
    });
    loading.catch(function (error) {
      host.__transitionQuiz = null;
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
    return loading ? loading.then(function (instance) {
      // An instance that panicked has stopped for good (src/embed.rs on_panic): never reuse it.
      if (crashed) return;
      instance.unmount(host);
      spare.push(instance);
    }, function () {}) : Promise.resolve();
  }

  /** Every problem in quiz JSON text, as [{ path, message }] (empty when valid). */
  var checker;
  function validate(text) {
    checker = checker || Promise.all([loadGlue(), loadModule()]).then(function (loaded) {
      var instance = loaded[0]();
      return instance({ module_or_path: loaded[1] }).then(function () { return instance; });
    });
    return checker.then(function (instance) { return instance.validate(String(text)); });
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
