/* The phone page of a workshop: join a room, vote, see your private summary.
 *
 * Plain JavaScript, no build step, no external requests. Everything anyone typed
 * (nicknames, and story text from the server) is put on the page with
 * textContent, never innerHTML. The token that keeps your identity across
 * reconnects lives in localStorage, per room code.
 */
'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var CODE_CHARS = /[^ACDEFGHJKMNPQRTUVWXY34679]/g;
  var MIN_DELAY = 500, MAX_DELAY = 15000;

  var ws = null;
  var wanted = null;        // {room, nickname} once the person asked to join
  var token = null;
  var joined = false;
  var delay = MIN_DELAY;
  var retryTimer = null;
  var countdown = null;
  var state = null;
  var lastPhaseKey = '';
  var summaryShown = false;
  var roomEnded = false;     // the leader ended the room: a closed socket is the normal end
  var endedRetried = false;  // one reconnect after the end, to fetch a summary that did not arrive
  var renderedShape = '';

  function cleanCode(text) {
    return String(text || '').toUpperCase().replace(CODE_CHARS, '').slice(0, 6);
  }
  function storeKey(code) { return 'hrtraining.workshop.' + code; }
  function remember(code, data) {
    try { localStorage.setItem(storeKey(code), JSON.stringify(data)); } catch (e) { /* private mode */ }
  }
  function recall(code) {
    try {
      var d = JSON.parse(localStorage.getItem(storeKey(code)) || 'null');
      return d && typeof d === 'object' ? d : null;
    } catch (e) { return null; }
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  // Only touch the page when something changed: live regions re-announce on every write.
  function setText(node, text) { if (node.textContent !== text) node.textContent = text; }
  function setAttr(node, name, value) { if (node.getAttribute(name) !== value) node.setAttribute(name, value); }
  function show(view) {
    ['join-view', 'room-view', 'summary-view'].forEach(function (id) { $(id).hidden = id !== view; });
  }
  function setConn(text, ok) {
    var c = $('conn');
    setText(c, text);
    c.className = 'conn ' + (ok ? 'ok' : 'down');
  }

  // -- connecting ---------------------------------------------------------------
  function connect() {
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
    if (countdown) { clearInterval(countdown); countdown = null; }
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    setConn('Connecting…', false);
    try { ws = new WebSocket(url); } catch (e) { scheduleReconnect(); return; }
    ws.onopen = function () {
      setConn('Connected', true);
      if (wanted) send({ type: 'join', room: wanted.room, nickname: wanted.nickname || null, token: token });
    };
    ws.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (msg && typeof msg === 'object') handle(msg);
    };
    ws.onclose = function () {
      ws = null;
      if (roomEnded && (summaryShown || endedRetried || !joined)) {
        wanted = null;  // nothing more to come: stop reconnecting
        setConn('The workshop has ended. Thank you!', true);
        return;
      }
      if (roomEnded) endedRetried = true;  // ended, but the summary was lost on the way: ask once more
      if (wanted) scheduleReconnect(); else setConn('Not connected', false);
    };
    ws.onerror = function () { /* onclose follows */ };
  }

  // Exponential backoff with jitter, so a room full of phones does not come back at once.
  function scheduleReconnect() {
    var wait = Math.min(MAX_DELAY, delay) * (0.75 + Math.random() * 0.5);
    delay = Math.min(MAX_DELAY, delay * 2);
    var until = Date.now() + wait;
    var tick = function () {
      var s = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      setConn('Connection lost. Reconnecting in ' + s + ' s…', false);
    };
    tick();
    countdown = setInterval(tick, 1000);
    retryTimer = setTimeout(connect, wait);
  }

  function send(obj) {
    if (ws && ws.readyState === WebSocket.OPEN) { ws.send(JSON.stringify(obj)); return true; }
    return false;
  }

  // -- messages from the server ---------------------------------------------------
  function handle(msg) {
    switch (msg.type) {
      case 'welcome':
        joined = true;
        delay = MIN_DELAY;
        token = msg.token;
        wanted.nickname = msg.nickname || '';
        remember(msg.room, { token: token, nickname: wanted.nickname });
        $('join-error').textContent = '';
        if (!summaryShown) show('room-view');
        break;
      case 'state':
        state = msg;
        if (msg.ended) roomEnded = true;
        if (!summaryShown) render(msg);
        break;
      case 'your_vote':
        if (state && msg.decision === state.decision) {
          state.your_vote = msg.choice;
          state.voted = msg.voted;
          state.participants = msg.participants;
          if (!summaryShown) render(state);
        }
        break;
      case 'count':
        // Only the numbers: the buttons are not rebuilt under a finger about to tap.
        if (state && msg.decision === state.decision && msg.phase === state.phase) {
          state.voted = msg.voted;
          state.participants = msg.participants;
          if (!summaryShown) renderCounts(state);
        }
        break;
      case 'summary':
        roomEnded = true;
        renderSummary(msg);
        break;
      case 'error':
        onError(msg);
        break;
    }
  }

  function onError(msg) {
    var text = typeof msg.message === 'string' ? msg.message : 'Something went wrong.';
    if (!joined) {
      $('join-error').textContent = text.charAt(0).toUpperCase() + text.slice(1) + '.';
      if (msg.code === 'bad-room' || msg.code === 'refused') {
        wanted = null;                      // do not keep retrying a wrong code
        if (ws) ws.close();
        $('join-button').disabled = false;
      }
      return;
    }
    $('room-error').textContent = text.charAt(0).toUpperCase() + text.slice(1) + '.';
    setTimeout(function () { $('room-error').textContent = ''; }, 6000);
  }

  // -- the room ---------------------------------------------------------------------
  var PHASES = {
    waiting: 'Waiting for the leader to open the vote.',
    open: 'Voting is open. Choose what you would say.',
    closed: 'Voting is closed.',
    revealed: 'Here is how the room voted.',
    feedback: 'Coach feedback is on the screen. Time to discuss.',
    ended: 'The workshop has ended.'
  };

  function render(s) {
    $('story-title').textContent = s.title || '';
    var phase = $('phase');
    // Announce only when the phase or decision changes, not on every count update.
    var key = s.phase + ':' + s.decision + ':' + s.ended;
    if (key !== lastPhaseKey) {
      lastPhaseKey = key;
      phase.textContent = s.phase !== 'ended' ? 'Decision ' + (s.decision + 1) + '. ' + (PHASES[s.phase] || '')
        : s.ended ? PHASES.ended : 'The conversation has reached its end. Your summary comes when the leader closes the room.';
      phase.className = 'phase ' + s.phase;
    }
    var options = s.options || [];
    // Everything the buttons show except who you voted for: when it is unchanged, keep them.
    var shape = JSON.stringify([s.decision, s.phase, options, s.distribution || null, s.feedback || null,
                                (s.lines || []).length]);
    if (shape === renderedShape) {
      // Same buttons: update them in place, so focus (and a screen reader's place) stays put.
      var buttons = $('options').querySelectorAll('button.option');
      for (var i = 0; i < buttons.length; i++) {
        setAttr(buttons[i], 'aria-pressed', s.your_vote === options[i].number ? 'true' : 'false');
      }
    } else {
      renderedShape = shape;
      rebuild(s, options);
    }
    var open = s.phase === 'open';
    var yours = options.filter(function (o) { return o.number === s.your_vote; })[0];
    setText($('your-vote'), yours ? 'Your vote: ' + yours.number + '. ' +
      (open ? 'You can change it while voting is open.' : 'Voting is closed.')
      : (open ? 'You have not voted yet.' : ''));
    renderCounts(s);
    var disc = $('discussion');
    disc.hidden = !(s.phase === 'feedback' && s.discussion);
    $('discussion-text').textContent = s.discussion || '';
  }

  function rebuild(s, options) {
    var focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.number : undefined;
    var lines = $('lines');
    clear(lines);
    (s.lines || []).forEach(function (l) {
      var p = el('p', 'line ' + (l.speaker === 'client' || l.speaker === 'you' || l.speaker === 'narrator' ? l.speaker : 'other'));
      if (l.name) p.appendChild(el('span', 'who', l.name));
      p.appendChild(el('span', 'said', l.text));
      lines.appendChild(p);
    });
    var box = $('options');
    clear(box);
    var open = s.phase === 'open';
    var dist = {};
    var total = 0;
    (s.distribution || []).forEach(function (d) { dist[d.number] = d.votes; total += d.votes; });
    var fb = {};
    (s.feedback || []).forEach(function (f) { fb[f.number] = f.text; });
    $('question').hidden = options.length === 0;
    options.forEach(function (o) {
      var b = el('button', 'option');
      b.type = 'button';
      b.disabled = !open;
      b.dataset.number = String(o.number);
      b.setAttribute('aria-pressed', s.your_vote === o.number ? 'true' : 'false');
      b.appendChild(el('span', 'num', o.number));
      var body = el('span', 'body');
      body.appendChild(el('span', 'text', o.text));
      body.appendChild(el('span', 'mark', 'Your vote'));
      if (s.distribution) {
        var n = dist[o.number] || 0;
        var pct = total ? Math.round(100 * n / total) : 0;
        body.appendChild(el('span', 'result', n + (n === 1 ? ' vote' : ' votes') + ' (' + pct + '%)'));
        var track = el('span', 'track');
        track.setAttribute('aria-hidden', 'true');
        var fill = el('span', 'fill');
        fill.style.width = pct + '%';       // CSSOM, allowed by the page's CSP
        track.appendChild(fill);
        body.appendChild(track);
      }
      if (fb[o.number]) body.appendChild(el('span', 'feedback', fb[o.number]));
      b.appendChild(body);
      b.addEventListener('click', function () { vote(o.number); });
      box.appendChild(b);
      if (focused === String(o.number) && !b.disabled) b.focus();
    });
  }

  function renderCounts(s) {
    setText($('counts'), s.phase === 'ended' ? (s.ending_title ? 'Ending: ' + s.ending_title : '') :
      s.voted + ' of ' + s.participants + (s.participants === 1 ? ' person has' : ' people have') + ' voted.');
  }

  function vote(number) {
    if (!state || state.phase !== 'open') return;
    if (send({ type: 'vote', decision: state.decision, choice: number })) {
      // Show the choice at once; the server's state confirms it.
      state.your_vote = number;
      render(state);
    }
  }

  // -- the private summary -----------------------------------------------------------
  var LEVEL = { good: 'Good', fair: 'Fair', beginning: 'Beginning' };

  function renderSummary(s) {
    summaryShown = true;
    show('summary-view');
    $('summary-overall').textContent = s.voted
      ? 'Overall: ' + (LEVEL[s.level] || s.level) + '. You voted on ' + s.voted + ' of ' + s.decisions + ' decisions.'
      : 'You did not vote on any decision, so there is nothing to score.';
    var ul = $('summary-scores');
    clear(ul);
    (s.scores || []).forEach(function (d) {
      var li = el('li');
      li.appendChild(el('span', 'name', d.name + ': ' + (LEVEL[d.level] || d.level)));
      li.appendChild(el('span', 'pts', d.points + ' of ' + d.possible + ' points (' + Math.round(100 * (d.percent || 0)) + '%)'));
      var track = el('span', 'track');
      track.setAttribute('aria-hidden', 'true');
      var fill = el('span', 'fill');
      fill.style.width = Math.round(100 * (d.percent || 0)) + '%';
      track.appendChild(fill);
      li.appendChild(track);
      ul.appendChild(li);
    });
    var ol = $('summary-choices');
    clear(ol);
    (s.choices || []).forEach(function (c) {
      var li = el('li');
      li.appendChild(el('span', 'you', 'You chose: ' + c.you));
      if (c.room !== null && c.room !== undefined) {
        li.appendChild(el('span', 'room', c.same ? 'The room chose the same.' : 'The room chose: ' + c.room));
      }
      if (c.feedback) li.appendChild(el('span', 'fb', c.feedback));
      ol.appendChild(li);
    });
    $('summary-heading').focus();
  }

  // -- joining -----------------------------------------------------------------------
  function join(room, nickname) {
    var saved = recall(room);
    token = saved && typeof saved.token === 'string' ? saved.token : null;
    wanted = { room: room, nickname: nickname };
    joined = false;
    delay = MIN_DELAY;
    $('join-button').disabled = true;
    if (ws && ws.readyState === WebSocket.OPEN) {
      send({ type: 'join', room: room, nickname: nickname || null, token: token });
    } else if (!ws) {
      connect();
    }
  }

  function init() {
    var input = $('room');
    var params = new URLSearchParams(location.search);
    var fromUrl = cleanCode(params.get('room'));
    if (!input.value && fromUrl) input.value = fromUrl;
    input.value = cleanCode(input.value);
    var code = input.value;
    var saved = code ? recall(code) : null;
    if (saved && typeof saved.nickname === 'string') $('nickname').value = saved.nickname;
    input.addEventListener('input', function () {
      var pos = cleanCode(input.value);
      if (pos !== input.value) input.value = pos;
    });
    $('join-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var room = cleanCode(input.value);
      if (room.length !== 6) {
        $('join-error').textContent = 'The room code has 6 letters and digits.';
        input.focus();
        return;
      }
      join(room, $('nickname').value.trim().slice(0, 32));
    });
    // Back after a reload (or the phone closed the tab): rejoin as the same person.
    if (code.length === 6 && saved && saved.token) join(code, saved.nickname || '');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
