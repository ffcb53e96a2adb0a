// The benchmark's in-page instrumentation: the code bench/run.mjs puts into every page it
// measures, which runs inside the page and times it there with performance.now() (whose zero
// is the navigation start). bench/README.md says what each figure means.
//
// Each export is serialised into the page (Function.prototype.toString), by
// `context.addInitScript` or `page.evaluate`: it must be self-contained, referring to nothing
// outside its own body, and it runs in the browser, not in node.
//
//   instrument(config)        from before the page's first script: window.__bench, with the
//                             long tasks, first contentful paint, errors, the time to the first
//                             question (clicking a Start button on the way, for a widget that
//                             has one: ours no longer does), and the functions
//                             the harness calls to click through the quiz (next, finish) and to
//                             read our wasm memory (wasmMemory)
//   scrollToLazyWidget(args)  on the lazy page: scrolls to the widget and times until its first
//                             choice is painted
//
// `config` is { widget, prompts, timeout }: the selectors of bench/run.mjs's PAGES entry (or
// null for the article), the quiz's question prompts in order, and a timeout in ms.

// What runs inside each page, from before its first script: the long-task observer, and the
// watcher that times the first question (clicking a Start button on the way, if the widget has one).
export function instrument(config) {
  const bench = (window.__bench = { t: {}, longtasks: [], errors: [] });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longtasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {
    bench.errors.push('no longtask observer: ' + error);
  }
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') bench.fcp = entry.startTime;
    }).observe({ type: 'paint', buffered: true });
  } catch (error) {
    bench.errors.push('no paint observer: ' + error);
  }
  addEventListener('error', (event) => bench.errors.push(String(event.message)));
  // Every wasm memory the page creates (only our widget uses wasm here), caught as the glue
  // instantiates the module: embed.js exposes nothing for measuring.
  const memories = [];
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args) {
    return instantiate.apply(this, args).then((result) => {
      const instance = result instanceof WebAssembly.Instance ? result : result.instance;
      if (instance && instance.exports.memory instanceof WebAssembly.Memory) memories.push(instance.exports.memory);
      return result;
    });
  };
  addEventListener('unhandledrejection', (event) => bench.errors.push('unhandled rejection: ' + String(event.reason)));

  const w = config.widget;
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  const root = () => {
    const host = document.querySelector(w.host);
    return host && w.shadow ? host.shadowRoot : host;
  };
  const find = (selector) => { const r = root(); return r ? r.querySelector(selector) : null; };
  const findAll = (selector) => { const r = root(); return r ? Array.from(r.querySelectorAll(selector)) : []; };
  const visible = (el) => !!el && el.isConnected && el.getClientRects().length > 0 &&
    (!el.checkVisibility || el.checkVisibility({ visibilityProperty: true }));
  // Polls in each frame's requestAnimationFrame callback (so before that frame's style,
  // layout and paint) until `test` returns something truthy.
  const until = async (what, test, timeout = config.timeout) => {
    const end = performance.now() + timeout;
    for (;;) {
      await frame();
      const value = test();
      if (value) return value;
      if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    }
  };
  // Called from a rAF callback: resolves in the first task after this frame's rendering
  // (style, layout, paint), i.e. when the frame that shows the change has been painted.
  const afterPaint = () => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(null);
  });
  // A reader's click, without the trusted input: pointer and mouse down/up, then el.click().
  // (SurveyJS auto-advances only after a mousedown; a bare el.click() selects but stays.)
  const press = (el) => {
    const mouse = { bubbles: true, cancelable: true, composed: true, button: 0, view: window };
    const pointer = { ...mouse, pointerId: 1, pointerType: 'mouse', isPrimary: true };
    el.dispatchEvent(new PointerEvent('pointerdown', pointer));
    el.dispatchEvent(new MouseEvent('mousedown', mouse));
    el.dispatchEvent(new PointerEvent('pointerup', pointer));
    el.dispatchEvent(new MouseEvent('mouseup', mouse));
    el.click();
  };
  // Resolves with the time of the first DOM change after which `test()` holds: when the
  // widget's script has updated the DOM, before style, layout and paint. `test` must not
  // force a layout, so that watching does not change the work being watched.
  const domChange = (test) => new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!test()) return;
      observer.disconnect();
      resolve(performance.now());
    });
    observer.observe(root(), { childList: true, subtree: true, characterData: true, attributes: true });
    setTimeout(() => { observer.disconnect(); resolve(NaN); }, config.timeout);
  });
  const showsQuestion = (k) => {
    const prompt = find(w.prompt);
    const choice = find(w.choice);
    return prompt && prompt.textContent.includes(config.prompts[k]) && visible(choice) && !choice.disabled && choice;
  };

  bench.firstQuestion = (async () => {
    if (!w) {
      await until('the article heading', () => visible(document.querySelector('h1')));
      await frame();
      bench.t.firstQuestion = performance.now(); // for the floor: the article is painted
      return bench.t;
    }
    if (w.start) {
      const start = await until('the Start button', () => { const el = find(w.start); return visible(el) && !el.disabled && el; });
      await frame(); // painted
      bench.t.start = performance.now();
      press(start);
    }
    await until('the first question', () => showsQuestion(0));
    await frame(); // painted
    bench.t.firstQuestion = performance.now();
    return bench.t;
  })();
  bench.firstQuestion.catch((error) => bench.errors.push(String(error)));

  // Clicks choice `index` of question `k` and times until question k+1 is painted.
  bench.next = async (k, index) => {
    const choices = findAll(w.choice);
    if (!choices[index]) throw new Error(`question ${k + 1} has no choice ${index + 1}`);
    const target = w.choiceClick ? choices[index].querySelector(w.choiceClick) : choices[index];
    const inDom = domChange(() => { const p = find(w.prompt); return p && p.textContent.includes(config.prompts[k + 1]); });
    const t0 = performance.now();
    press(target);
    await until(`question ${k + 2}`, () => showsQuestion(k + 1));
    const nextPaint = afterPaint();
    await frame();
    await frame(); // double rAF: the frame that shows it has been painted, and one more
    const painted = performance.now() - t0;
    return { painted, paint: (await nextPaint) - t0, dom: (await inDom) - t0 };
  };

  // Answers the last question, then times the final button to the painted result.
  bench.finish = async (k, index) => {
    const choices = findAll(w.choice);
    const target = w.choiceClick ? choices[index].querySelector(w.choiceClick) : choices[index];
    press(target);
    const button = await until('the final button', () => { const el = find(w.final); return visible(el) && !el.disabled && el; });
    await frame();
    await frame();
    const inDom = domChange(() => find(w.result));
    const t0 = performance.now();
    press(button);
    const result = await until('the result', () => { const el = find(w.result); return visible(el) && el; });
    const nextPaint = afterPaint();
    await frame();
    await frame();
    const painted = performance.now() - t0;
    return { painted, paint: (await nextPaint) - t0, dom: (await inDom) - t0, outcome: result.getAttribute('data-outcome') };
  };

  // Our widget's wasm memory, summed over its instances; null on pages without it.
  bench.wasmMemory = () => {
    if (document.querySelectorAll('[data-transition-quiz]').length === 0) return null;
    return memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0);
  };
}

// The lazy page, after the load: scrolls the widget into view and polls once per frame until
// its first choice (in its shadow root) has a box, plus one frame for the paint.
// Resolves { ms } from the scroll, or { error }.
export async function scrollToLazyWidget({ host, start, timeout }) {
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  const el = document.querySelector(host);
  const t0 = performance.now();
  el.scrollIntoView({ block: 'center' });
  const end = t0 + timeout;
  for (;;) {
    const button = el.shadowRoot && el.shadowRoot.querySelector(start);
    if (button && button.getClientRects().length > 0) break;
    if (performance.now() > end) return { error: 'the widget did not load after scrolling to it' };
    await frame();
  }
  await frame();
  return { ms: performance.now() - t0 };
}
