// Omnihub console: live updates and the keyboard. Everything else is server-rendered and swapped by htmx.
(function () {
  'use strict';

  // Live notices from every replica (Redis pub/sub behind /console/events) become a "live" event on <body>;
  // the fragments that care refresh themselves through hx-trigger="live[...] from:body".
  // The queue refreshes at once on a notice, and once more after a burst, at most every 750 ms: a busy queue is
  // not reloaded for every message, and the last change is never lost (htmx's throttle would drop it).
  function coalesced(fire, wait) {
    let timer = null;
    let pending = false;
    function tick() {
      if (pending) { pending = false; fire(); timer = setTimeout(tick, wait); } else { timer = null; }
    }
    return function () {
      if (timer) { pending = true; return; }
      fire();
      timer = setTimeout(tick, wait);
    };
  }

  function listen() {
    const source = new EventSource('/console/events');
    const queue = coalesced(function () { document.body.dispatchEvent(new CustomEvent('live-queue')); }, 750);
    const status = document.getElementById('live-status');
    source.onmessage = function (message) {
      const notice = JSON.parse(message.data);
      if (notice.type === 'heartbeat') {
        // the server says whether live notices flow (Redis in use) or are paused (Redis unavailable)
        document.body.dataset.live = notice.status === 'degraded' ? 'degraded' : 'connected';
        if (status) { status.hidden = notice.status !== 'degraded'; }
      } else {
        document.body.dispatchEvent(new CustomEvent('live', { detail: notice }));
        queue();
      }
    };
    source.onopen = function () { document.body.dataset.live = 'connected'; };
    source.onerror = function () { document.body.dataset.live = 'reconnecting'; };
    // a page left for another may stay in the back-forward cache: its stream would keep one of the browser's few
    // connections to Omnihub, and a handful of pages later nothing else could be sent. Closed on leaving, opened
    // again on coming back.
    window.addEventListener('pagehide', function () { source.close(); }, { once: true });
  }

  window.addEventListener('pageshow', function (event) {
    if (event.persisted && document.getElementById('who')) { listen(); }
  });

  // A refused action shows the problem's detail instead of failing silently.
  function showProblems() {
    const flash = document.getElementById('flash');
    document.body.addEventListener('htmx:responseError', function (event) {
      let detail = 'The request failed (' + event.detail.xhr.status + ').';
      try { detail = JSON.parse(event.detail.xhr.responseText).detail || detail; } catch (ignored) { /* not JSON */ }
      flash.textContent = detail;
      flash.hidden = false;
      setTimeout(function () { flash.hidden = true; }, 6000);
    });
  }

  function rows() { return Array.from(document.querySelectorAll('#queue-rows tr.row')); }

  function move(step) {
    const all = rows();
    if (all.length === 0) { return; }
    const at = all.indexOf(document.activeElement);
    all[Math.min(all.length - 1, Math.max(0, at + step))].focus();
  }

  function typing(target) {
    return target.closest('input, textarea, select, [contenteditable]') !== null;
  }

  document.addEventListener('input', function (event) {
    if (event.target.id === 'reply-text') { document.getElementById('template-id').value = ''; } // edited: free text
  });

  document.addEventListener('keydown', function (event) {
    const reply = document.getElementById('reply-text');
    if (event.target === reply && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      document.getElementById('reply-form').requestSubmit();
      return;
    }
    if (event.target.id === 'template-picker' && event.key === 'Enter') {
      // the chosen canned response goes into the reply box, filled in for this request
      const chosen = event.target.selectedOptions[0];
      if (chosen && chosen.dataset.text) {
        reply.value = chosen.dataset.text;
        // an approved template, sent word for word, still goes where a reply window closed (templatesOutsideWindow)
        document.getElementById('template-id').value = chosen.dataset.approved === 'true' ? chosen.value : '';
        reply.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true })); // the preview follows the new length
        reply.focus();
      }
      event.preventDefault();
      return;
    }
    if (typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.key === 'j' || event.key === 'ArrowDown') { move(1); event.preventDefault(); }
    else if (event.key === 'k' || event.key === 'ArrowUp') { move(-1); event.preventDefault(); }
    else if (event.key === 'Enter' && event.target.matches('tr.row')) { location.href = event.target.dataset.href; }
    else if (event.key === '/') { const f = document.querySelector('#filters input, #filters select'); if (f) { f.focus(); event.preventDefault(); } }
    else if (event.key === 'r' && reply) { reply.focus(); event.preventDefault(); }
    else if (event.key === 't' && document.getElementById('template-picker')) {
      document.getElementById('template-picker').focus(); event.preventDefault();
    }
    else if (event.key === 'Escape' && document.getElementById('back')) { location.href = '/console'; }
  });

  document.addEventListener('click', function (event) {
    const row = event.target.closest('tr.row');
    if (row && !event.target.closest('a')) { location.href = row.dataset.href; }
  });

  // A live refresh of the queue keeps the keyboard where the operator left it: on the same request's row.
  function keepFocusAcrossRefreshes() {
    let focused = null;
    document.body.addEventListener('htmx:beforeSwap', function (event) {
      if (event.detail.target.id !== 'queue-rows') { return; }
      const row = document.activeElement ? document.activeElement.closest('tr.row') : null;
      focused = row ? row.dataset.request : null;
    });
    document.body.addEventListener('htmx:afterSwap', function (event) {
      if (event.detail.target.id !== 'queue-rows' || !focused) { return; }
      const row = document.querySelector('#queue-rows tr.row[data-request="' + CSS.escape(focused) + '"]');
      if (row) { row.focus(); }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (document.getElementById('who')) { listen(); }
    showProblems();
    keepFocusAcrossRefreshes();
    const first = rows()[0];
    if (first && !document.querySelector('[autofocus]')) { first.focus(); }
  });
})();
