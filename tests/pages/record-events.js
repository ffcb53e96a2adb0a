// Test helper for host pages: records every transition-quiz event the page hears, with the
// id of the host it came from, and gives the page an analytics dataLayer.
window.dataLayer = [];
window.quizEvents = [];
['ready', 'start', 'answer', 'complete', 'restart', 'error'].forEach(function (name) {
  document.addEventListener('transition-quiz:' + name, function (event) {
    window.quizEvents.push({ type: event.type, host: event.target.id, detail: event.detail, composed: event.composed });
  });
});
