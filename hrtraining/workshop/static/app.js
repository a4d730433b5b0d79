/* The phone page of a workshop: join a room, vote, see your private summary.
 *
 * Plain JavaScript, no build step, no external requests. Everything anyone typed
 * (nicknames, and story text from the server) is put on the page with
 * textContent, never innerHTML. The token that keeps your identity across
 * reconnects lives in localStorage, per room code, with the private summary once
 * it came. After joining, the room code goes into the address (?room=CODE), so a
 * reload shows the summary again even to someone who typed the code -- but only
 * while the leader's laptop still serves this page: once the leader closes the
 * room, a reload finds nothing, and the summary screen says so.
 *
 * A vote is "pending" until the server confirms it (your_vote); the page never
 * claims a vote the room has not counted. A heartbeat finds a dead link within
 * 10 s; while offline a banner stays pinned at the top, and a tap is kept and sent
 * when the connection is back if that decision is still open.
 */
'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var CODE_CHARS = /[^ACDEFGHJKMNPQRTUVWXY34679]/g;
  var MIN_DELAY = 500, MAX_DELAY = 15000;
  var PING_EVERY = 4000, DEAD_AFTER = 10000;   // ms: a link that answers nothing for 10 s is dead
  // Tests shorten these (set before the page loads); a phone never has this.
  var T = window.hrtrainingTiming;
  if (T && typeof T.ping === 'number' && typeof T.dead === 'number') { PING_EVERY = T.ping; DEAD_AFTER = T.dead; }
  var VIEWS = ['join-view', 'notes-view', 'pause-view', 'out-view', 'room-view', 'summary-view', 'gone-view'];

  var ws = null;
  var wanted = null;        // {room, nickname} once the person asked to join
  var token = null;
  var joined = false;
  var delay = MIN_DELAY;
  var retryTimer = null;
  var countdown = null;
  var pinger = null;
  var lastHeard = 0;
  var state = null;
  var lastPhaseKey = '';
  var lastDecision = null;
  var summaryShown = false;
  var roomEnded = false;     // the leader ended the room: a closed socket is the normal end
  var endedRetried = false;  // one reconnect after the end, to fetch a summary that did not arrive
  var renderedShape = '';
  var pending = null;        // {decision, choice}: sent, not yet confirmed
  var queued = null;         // {decision, choice}: tapped while offline, to send on reconnect
  var stopped = false;       // removed by the leader, or the room is gone: no more reconnecting
  var summary = null;
  var notesContinued = false; // this page went on past late content notes (localStorage may be off)

  function cleanCode(text) {
    return String(text || '').toUpperCase().replace(CODE_CHARS, '').slice(0, 6);
  }
  function storeKey(code) { return 'hrtraining.workshop.' + code; }
  function remember(code, data) {
    try {
      var old = recall(code) || {};
      for (var k in data) if (Object.prototype.hasOwnProperty.call(data, k)) old[k] = data[k];
      localStorage.setItem(storeKey(code), JSON.stringify(old));
    } catch (e) { /* private mode */ }
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
  function sentence(text) { text = String(text || ''); return text.charAt(0).toUpperCase() + text.slice(1) + '.'; }
  function current() { for (var i = 0; i < VIEWS.length; i++) if (!$(VIEWS[i]).hidden) return VIEWS[i]; return ''; }
  function show(view) {
    var before = current();
    VIEWS.forEach(function (id) { $(id).hidden = id !== view; });
    if (before !== view && before) {
      // A new screen: start at its top and tell a screen reader where it is.
      var heading = $(view).querySelector('h1[tabindex]');
      window.scrollTo(0, 0);
      if (heading && view !== 'room-view') heading.focus();
    }
  }
  function setConn(text, ok) {
    var c = $('conn');
    setText(c, text);
    c.className = 'conn ' + (ok ? 'ok' : 'down');
  }
  function offline(text) {
    var b = $('offline');
    if (!text) { b.hidden = true; setText(b, ''); return; }
    setText(b, text);
    b.hidden = false;
  }

  // -- connecting ---------------------------------------------------------------
  function connect() {
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
    if (countdown) { clearInterval(countdown); countdown = null; }
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    setConn('Connecting…', false);
    var sock;
    try { sock = new WebSocket(url); } catch (e) { lost(); return; }
    ws = sock;
    sock.onopen = function () {
      if (sock !== ws) return;
      lastHeard = Date.now();
      setConn('Connected', true);
      startHeartbeat();
      if (wanted) send({ type: 'join', room: wanted.room, nickname: wanted.nickname || null, token: token });
    };
    sock.onmessage = function (ev) {
      if (sock !== ws) return;
      lastHeard = Date.now();
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (msg && typeof msg === 'object') handle(msg);
    };
    sock.onclose = function () { if (sock === ws) lost(); };
    sock.onerror = function () { /* onclose follows */ };
  }

  // The link is gone (closed, or silent for DEAD_AFTER): say so, and come back.
  function lost() {
    stopHeartbeat();
    var old = ws;
    ws = null;
    if (old) { old.onclose = null; old.onmessage = null; try { old.close(); } catch (e) { /* already */ } }
    if (stopped) return;
    if (roomEnded && (summaryShown || endedRetried || !joined)) {
      wanted = null;  // nothing more to come: stop reconnecting
      offline('');
      setConn('The workshop has ended. Thank you!', true);
      return;
    }
    if (roomEnded) endedRetried = true;  // ended, but the summary was lost on the way: ask once more
    if (pending) { queued = pending; pending = null; }  // never confirmed: send it again when back
    if (wanted) { scheduleReconnect(); if (state && !summaryShown) render(state); }
    else { setConn('', true); offline(''); }
  }

  function startHeartbeat() {
    stopHeartbeat();
    pinger = setInterval(function () {
      if (!ws) return;
      if (Date.now() - lastHeard > DEAD_AFTER) { lost(); return; }
      send({ type: 'ping' });
    }, PING_EVERY / 2);
  }
  function stopHeartbeat() { if (pinger) { clearInterval(pinger); pinger = null; } }

  // Exponential backoff with jitter, so a room full of phones does not come back at once.
  function scheduleReconnect() {
    var wait = Math.min(MAX_DELAY, delay) * (0.75 + Math.random() * 0.5);
    delay = Math.min(MAX_DELAY, delay * 2);
    var until = Date.now() + wait;
    var tick = function () {
      var s = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      var text = 'Offline: the connection to the room is lost. Reconnecting in ' + s + ' s…' +
        (queued ? ' Your vote (' + queued.choice + ') will be sent when it is back.' : '');
      setConn('Offline', false);
      offline(text);
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
        keepCodeInAddress(msg.room);
        $('join-error').textContent = '';
        $('join-button').disabled = false;
        offline('');
        break;
      case 'state':
        state = msg;
        if (msg.ended) roomEnded = true;
        flushQueued();
        if (!summaryShown) render(msg);
        break;
      case 'your_vote':
        if (pending && pending.decision === msg.decision && pending.choice === msg.choice) pending = null;
        if (state && msg.decision === state.decision) {
          state.your_vote = msg.choice;
          state.voted = msg.voted;
          state.participants = msg.participants;
          state.saved = msg.saved;
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
        if (wanted) remember(wanted.room, { summary: msg });
        renderSummary(msg);
        break;
      case 'removed':
        stopped = true;
        wanted = null;
        remember(state ? state.room : cleanCode($('room').value), { token: null });
        $('gone-text').textContent = typeof msg.message === 'string' ? msg.message : 'The leader removed you from this room.';
        offline('');
        setConn('', true);
        show('gone-view');
        break;
      case 'error':
        onError(msg);
        break;
    }
  }

  // The room code in the address bar: a reload (or the phone reopening the tab) finds this
  // room's token and summary again, even when the code was typed rather than scanned.
  function keepCodeInAddress(code) {
    try {
      var params = new URLSearchParams(location.search);
      if (params.get('room') === code) return;
      params.set('room', code);
      history.replaceState(history.state, '', location.pathname + '?' + params.toString() + location.hash);
    } catch (e) { /* an old browser: the code is typed again after a reload */ }
  }

  // A vote tapped while offline: sent now if its decision is still open, else the phone says so.
  function flushQueued() {
    if (!queued || !state) return;
    var q = queued;
    queued = null;
    if (state.decision === q.decision && state.phase === 'open') {
      castVote(q.choice);
    } else {
      $('room-error').textContent = 'Your vote (' + q.choice + ') was not sent: voting on decision ' +
        (q.decision + 1) + ' closed while you were offline.';
    }
  }

  function onError(msg) {
    var text = typeof msg.message === 'string' ? msg.message : 'Something went wrong';
    if (!joined) {
      var shown = msg.code === 'bad-room' ? 'There is no room with that code here. Check the code on the big screen.'
        : sentence(text);
      $('join-error').textContent = shown;
      if (msg.code === 'bad-room' || msg.code === 'refused') {
        wanted = null;                      // do not keep retrying a wrong code
        if (ws) { var old = ws; ws = null; stopHeartbeat(); old.onclose = null; old.close(); }
        setConn('', true);
        offline('');
        $('join-button').disabled = false;
        if (msg.code === 'bad-room') $('room').focus();
        if (msg.code === 'refused' && summary) renderSummary(summary);  // the room is over: keep the summary
      }
      return;
    }
    if (msg.code === 'bad-vote' && pending) pending = null;
    $('room-error').textContent = sentence(text);
    if (state && !summaryShown) render(state);
    setTimeout(function () { $('room-error').textContent = ''; }, 6000);
  }

  // -- the room ---------------------------------------------------------------------
  var PHASES = {
    waiting: 'Waiting for the leader to open the vote.',
    open: 'Voting is open.',  // short: the question under it asks "What would you say?"
    closed: 'Voting is closed.',
    revealed: 'Here is how the room voted.',
    feedback: 'Coach feedback is on the screen. Time to discuss.',
    ended: 'The workshop has ended.'
  };

  function render(s) {
    if (s.stepped_out) { show('out-view'); return; }
    if (s.phase === 'notes') {
      remember(s.room, { notes_seen: true });  // seen while the room read them: not shown again
      renderNotes(s, false);
      show('notes-view');
      return;
    }
    if (lateNotes(s)) { renderNotes(s, true); show('notes-view'); return; }
    if (s.paused && !s.ended) { show('pause-view'); return; }
    var wasRoom = current() === 'room-view';
    show('room-view');
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
      markVotes(s, options);  // in place: focus (and a screen reader's place) stays put
    } else {
      renderedShape = shape;
      rebuild(s, options);
    }
    var open = s.phase === 'open';
    var yours = options.filter(function (o) { return o.number === s.your_vote; })[0];
    var mine = pending && pending.decision === s.decision ? pending
      : queued && queued.decision === s.decision ? queued : null;
    var text;
    if (mine && ws && pending === mine) text = 'Sending your vote (' + mine.choice + ')… not counted yet.';
    else if (mine) text = 'You are offline. Your vote (' + mine.choice + ') will be sent when the connection is back.';
    else if (yours) text = 'Your vote: ' + yours.number + ' (received). ' +
      (open ? 'You can change it while voting is open.' : 'Voting is closed.');
    else text = open ? 'You have not voted yet.' : '';
    setText($('your-vote'), text);
    $('your-vote').className = 'your-vote' + (mine ? ' pending' : yours ? ' confirmed' : '');
    renderCounts(s);
    var disc = $('discussion');
    disc.hidden = !(s.phase === 'feedback' && s.discussion);
    $('discussion-text').textContent = s.discussion || '';
    // Focus never falls to the page body. A new decision brings its choices into view and
    // moves focus there; the story's first screen (after joining, or after the content notes)
    // starts at the top with focus on what was said, unless the vote is already open.
    var fresh = s.decision !== lastDecision && options.length;
    if (fresh || !wasRoom) {
      var first = lastDecision === null;
      if (fresh) lastDecision = s.decision;
      if (options.length && (open || !first)) focusOptions();
      else focusStory();
    } else if (options.length && open && document.activeElement === document.body) {
      focusOptions();
    }
  }

  function focusStory() {
    window.scrollTo(0, 0);
    $('lines').focus({ preventScroll: true });
  }

  // Scroll so that the last thing the client said is at the top with the question under it
  // (the choices answer it), but never so far up that the first choice is off the screen.
  function focusOptions() {
    var q = $('question');
    var said = $('lines').querySelectorAll(':scope > .line.client');
    var anchor = said.length ? said[said.length - 1] : q;
    var y = window.scrollY;
    var top = anchor.getBoundingClientRect().top + y - 8;
    var choice = document.querySelector('#options .choice');
    if (choice) {
      var r = choice.getBoundingClientRect();
      top = Math.max(top, r.top + y + Math.min(r.height, 96) - window.innerHeight);
    }
    window.scrollTo(0, Math.max(0, Math.min(top, q.getBoundingClientRect().top + y)));
    q.focus({ preventScroll: true });
  }

  // Content notes for someone who joins (or comes back) after the room read them: shown once,
  // with a Continue button, and remembered per room on this phone.
  function lateNotes(s) {
    if (!s.notes || !s.notes.length || s.ended || notesContinued) return false;
    var saved = recall(s.room);
    return !(saved && saved.notes_seen);
  }

  function renderNotes(s, late) {
    $('notes-continue').hidden = !late;
    $('notes-wait').hidden = !!late;
    $('notes-title').textContent = s.title || '';
    var ul = $('notes-list');
    var want = JSON.stringify(s.notes || []);
    if (ul.dataset.notes !== want) {
      ul.dataset.notes = want;
      clear(ul);
      (s.notes || []).forEach(function (n) { ul.appendChild(el('li', null, n)); });
    }
    $('notes-wait').textContent = s.paused ? 'The leader has paused. Take your time.'
      : 'The story starts when the leader is ready.';
  }

  function markVotes(s, options) {
    var buttons = $('options').querySelectorAll('button.option');
    for (var i = 0; i < buttons.length && i < options.length; i++) {
      var n = options[i].number;
      var p = pendingFor(s);
      setAttr(buttons[i], 'aria-pressed', s.your_vote === n && !p ? 'true' : 'false');
      buttons[i].classList.toggle('pending', !!p && p === pending && p.choice === n);
      buttons[i].classList.toggle('queued', !!p && p === queued && p.choice === n);
    }
  }
  function pendingFor(s) {
    if (pending && pending.decision === s.decision) return pending;
    if (queued && queued.decision === s.decision) return queued;
    return null;
  }

  function rebuild(s, options) {
    var focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.number : undefined;
    var lines = $('lines');
    clear(lines);
    var all = s.lines || [];
    // Many lines push the choices far down a small screen: the earlier ones fold away
    // (the big screen shows the conversation too). Kept open: the last two lines (one on a
    // short screen), reaching back to the client's last line so the question has its context.
    var from = foldFrom(all);
    var box = lines;
    if (from > 0) {
      var det = el('details', 'earlier');
      det.appendChild(el('summary', null, from === 1 ? 'Show the earlier line' : 'Show the ' + from + ' earlier lines'));
      lines.appendChild(det);
      box = det;
    }
    all.forEach(function (l, i) {
      var p = el('p', 'line ' + (l.speaker === 'client' || l.speaker === 'you' || l.speaker === 'narrator' ? l.speaker : 'other'));
      // Speaker and line as separate phrases for a screen reader ("Ray:" then the words).
      if (l.name) {
        var who = el('span', 'who', l.name);
        who.appendChild(el('span', 'sr', ':'));
        p.appendChild(who);
        p.appendChild(el('span', 'sr', ' '));
      }
      p.appendChild(el('span', 'said', l.text));
      (i >= from ? lines : box).appendChild(p);
    });
    var opts = $('options');
    clear(opts);
    var open = s.phase === 'open';
    var dist = {};
    var total = 0;
    (s.distribution || []).forEach(function (d) { dist[d.number] = d.votes; total += d.votes; });
    var fb = {};
    (s.feedback || []).forEach(function (f) { fb[f.number] = f.text; });
    $('question').hidden = options.length === 0;
    var p = pendingFor(s);
    options.forEach(function (o) {
      var card = el('div', 'choice');
      var b = el('button', 'option');
      b.type = 'button';
      b.disabled = !open;
      b.dataset.number = String(o.number);
      b.setAttribute('aria-pressed', s.your_vote === o.number && !p ? 'true' : 'false');
      if (p && p.choice === o.number) b.classList.add(p === queued ? 'queued' : 'pending');
      b.appendChild(el('span', 'num', o.number));
      var body = el('span', 'body');
      body.appendChild(el('span', 'text', o.text));
      body.appendChild(el('span', 'mark', 'Your vote'));
      body.appendChild(el('span', 'sending', 'Sending…'));
      body.appendChild(el('span', 'waiting', 'Will be sent when the connection is back'));
      b.appendChild(body);
      card.appendChild(b);
      // Counts and the coach's note sit beside the button, not in its name: a screen reader
      // hears "2, Can you tell me more…", then the details once, on request.
      var extra = el('div', 'extra');
      extra.id = 'extra-' + o.number;
      if (s.distribution) {
        var n = dist[o.number] || 0;
        var pct = total ? Math.round(100 * n / total) : 0;
        extra.appendChild(el('span', 'result', n + (n === 1 ? ' vote' : ' votes') + ' (' + pct + '%)'));
        var track = el('span', 'track');
        track.setAttribute('aria-hidden', 'true');
        var fill = el('span', 'fill');
        fill.style.width = pct + '%';       // CSSOM, allowed by the page's CSP
        track.appendChild(fill);
        extra.appendChild(track);
      }
      if (fb[o.number]) extra.appendChild(el('span', 'feedback', 'Coach: ' + fb[o.number]));
      if (extra.firstChild) {
        card.appendChild(extra);
        b.setAttribute('aria-describedby', extra.id);
      }
      b.addEventListener('click', function () { vote(o.number); });
      opts.appendChild(card);
      if (focused === String(o.number) && !b.disabled) b.focus();
    });
  }

  // The index of the first line left open (0: nothing folds).
  function foldFrom(all) {
    var keep = window.innerHeight < 700 ? 1 : 2;
    var from = Math.max(0, all.length - keep);
    for (var i = all.length - 1; i >= 0 && i >= all.length - 3; i--) {
      if (all[i].speaker === 'client') { from = Math.min(from, i); break; }
    }
    // Folding one line behind a "Show" row saves little on a tall screen.
    return from >= (keep === 1 ? 1 : 2) ? from : 0;
  }

  function renderCounts(s) {
    setText($('counts'), s.phase === 'ended' ? (s.ending_title ? 'Ending: ' + s.ending_title : '') :
      s.voted + ' of ' + s.participants + (s.participants === 1 ? ' person has' : ' people have') + ' voted.');
  }

  function vote(number) {
    if (!state || state.phase !== 'open') return;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      queued = { decision: state.decision, choice: number };  // sent when the connection is back
      pending = null;
      markVotes(state, state.options || []);
      render(state);
      return;
    }
    castVote(number);
  }

  function castVote(number) {
    pending = { decision: state.decision, choice: number };
    send({ type: 'vote', decision: state.decision, choice: number });
    if (!summaryShown) render(state);
  }

  // -- stepping out ---------------------------------------------------------------------
  // Each screen with a step-out (or come-back) button has its own error line: a message
  // written into a hidden screen's would never be seen.
  var ERRORS = { 'notes-view': 'notes-error', 'pause-view': 'pause-error', 'out-view': 'out-error',
                 'room-view': 'room-error' };
  function stepOut(out) {
    if (!send({ type: 'step_out', out: out })) {
      var box = $(ERRORS[current()] || 'room-error');
      box.textContent = 'You are offline, so this did not reach the room. Try again when the connection is back.';
      setTimeout(function () { if (box.textContent.indexOf('You are offline') === 0) box.textContent = ''; }, 8000);
      return;
    }
    ['notes-error', 'pause-error', 'out-error'].forEach(function (id) { $(id).textContent = ''; });
    if (state) { state.stepped_out = out; lastDecision = null; render(state); }
  }

  // -- the private summary -----------------------------------------------------------
  var LEVEL = { good: 'Good', fair: 'Fair', beginning: 'Beginning' };

  function pointsText(d) {
    if (d.points < 0) {
      return 'below zero: ' + d.points + ' points, where ' + d.possible + ' were possible (a choice that could cause harm costs points)';
    }
    return d.points + ' of ' + d.possible + ' points (' + Math.round(100 * (d.percent || 0)) + '%)';
  }

  function summaryText(s) {
    var out = ['Your private summary' + (state && state.title ? ': ' + state.title : ''), ''];
    out.push($('summary-overall').textContent, '');
    (s.scores || []).forEach(function (d) { out.push(d.name + ': ' + (LEVEL[d.level] || d.level) + ', ' + pointsText(d)); });
    out.push('', 'Your choices:');
    (s.choices || []).forEach(function (c, i) {
      out.push((i + 1) + '. You chose: ' + c.you);
      if (c.room !== null && c.room !== undefined) out.push('   ' + (c.same ? 'The room chose the same.' : 'The room chose: ' + c.room));
      if (c.feedback) out.push('   Coach: ' + c.feedback);
    });
    return out.join('\n') + '\n';
  }

  function renderSummary(s) {
    summaryShown = true;
    summary = s;
    show('summary-view');
    $('summary-overall').textContent = s.voted
      ? 'Overall: ' + (LEVEL[s.level] || s.level) + '. You voted on ' + s.voted + ' of ' + s.decisions + ' decisions.'
      : 'You did not vote on any decision, so there is nothing to score.';
    var ul = $('summary-scores');
    clear(ul);
    (s.scores || []).forEach(function (d) {
      var li = el('li');
      li.appendChild(el('span', 'name', d.name + ': ' + (LEVEL[d.level] || d.level)));
      li.appendChild(el('span', 'pts', pointsText(d)));
      var track = el('span', 'track');
      track.setAttribute('aria-hidden', 'true');
      var fill = el('span', 'fill');
      fill.style.width = Math.max(0, Math.round(100 * (d.percent || 0))) + '%';
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
    offline('');
    $('summary-heading').focus();
  }

  function saveSummary() {
    if (!summary) return;
    var blob = new Blob([summaryText(summary)], { type: 'text/plain;charset=utf-8' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'workshop-summary' + (wanted && wanted.room ? '-' + wanted.room : '') + '.txt';
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  // -- joining -----------------------------------------------------------------------
  function join(room, nickname) {
    var saved = recall(room);
    token = saved && typeof saved.token === 'string' ? saved.token : null;
    wanted = { room: room, nickname: nickname };
    joined = false;
    stopped = false;
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
    ['step-out-notes', 'step-out-pause', 'step-out-room'].forEach(function (id) {
      $(id).addEventListener('click', function () { stepOut(true); });
    });
    $('step-in').addEventListener('click', function () { stepOut(false); });
    $('notes-continue').addEventListener('click', function () {
      notesContinued = true;
      if (state) { remember(state.room, { notes_seen: true }); render(state); }
    });
    $('summary-save').addEventListener('click', saveSummary);
    $('summary-print').addEventListener('click', function () { window.print(); });
    // The summary came before (this phone, this room): show it at once, even if the leader has gone.
    if (saved && saved.summary && typeof saved.summary === 'object') {
      wanted = { room: code, nickname: saved.nickname || '' };
      roomEnded = true;
      renderSummary(saved.summary);
    }
    // Back after a reload (or the phone closed the tab): rejoin as the same person.
    if (code.length === 6 && saved && saved.token) join(code, saved.nickname || '');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
