/* The FUSE page of the osgi-fuse web console: refreshes the mounts table, the selected mount's operations and its
   charts from fuse/data.json without reloading the page. Plain JavaScript, no libraries. */
(function () {
  'use strict';
  var page = document.getElementById('fuse-page');
  if (!page) { return; }
  var root = page.dataset.root;
  var csrf = page.dataset.csrf;
  var interval = parseInt(page.dataset.interval, 10) || 2000;
  /* The charts show the mount's history, at least the last minute and at most the last five. */
  var maxWindow = 5 * 60 * 1000, minWindow = 60 * 1000;
  var selected = document.getElementById('fuse-selected').textContent;
  if (selected === '-') { selected = null; }

  function esc(s) {
    return String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function nanos(ns) {
    if (ns <= 0) { return '-'; }
    if (ns < 10000000) { return '<' + Math.floor(ns / 1000) + 'us'; }
    return '<' + Math.floor(ns / 1000000) + 'ms';
  }

  function mountRow(m) {
    var h = '<tr data-mountpoint="' + esc(m.mountpoint) + '" class="state-' + esc(m.state.toLowerCase())
      + (m.mountpoint === selected ? ' selected' : '') + '">'
      + '<td class="mountpoint">' + esc(m.mountpoint) + '</td><td class="driver">' + esc(m.driver) + '</td>'
      + '<td class="state">' + esc(m.state) + '</td><td class="uptime">' + esc(m.uptime) + '</td>'
      + '<td class="options">' + esc(m.options) + '</td><td class="num requests">' + m.requests + '</td>'
      + '<td class="num errors">' + m.errors + '</td><td class="num inflight">' + m.inFlight + '</td>'
      + '<td class="actions">';
    if (m.state === 'MOUNTED') { h += '<button type="button" class="select">Statistics</button> '; }
    h += '<form method="post" action="' + esc(root) + '/unmount"><input type="hidden" name="csrf" value="'
      + esc(csrf) + '"><input type="hidden" name="mountpoint" value="' + esc(m.mountpoint) + '">'
      + '<button type="submit" class="unmount">Unmount</button></form></td></tr>';
    if (m.failure) { h += '<tr class="reason"><td colspan="9">reason: ' + esc(m.failure) + '</td></tr>'; }
    return h;
  }

  function operations(m) {
    var tbody = document.querySelector('#fuse-operations tbody');
    var h = '';
    (m ? m.operations : []).forEach(function (op) {
      h += '<tr><td>' + esc(op.name) + '</td><td class="num">' + op.count + '</td><td class="num">' + op.errors
        + '</td><td class="num">' + nanos(op.p50) + '</td><td class="num">' + nanos(op.p90) + '</td>'
        + '<td class="num">' + nanos(op.p99) + '</td></tr>';
    });
    tbody.innerHTML = h;
  }

  /* One chart: lines of [time, value] points (value null: no point) over the last windowMillis. */
  function chart(canvas, now, windowMillis, lines, unit) {
    var ctx = canvas.getContext('2d');
    var w = canvas.width, h = canvas.height, left = 52, bottom = 22, top = 8, right = 8;
    ctx.clearRect(0, 0, w, h);
    var max = 0;
    lines.forEach(function (l) { l.points.forEach(function (p) { if (p[1] !== null && p[1] > max) { max = p[1]; } }); });
    var scale = max > 0 ? niceCeiling(max) : 1;
    ctx.font = '11px sans-serif';
    ctx.strokeStyle = '#ddd';
    ctx.fillStyle = '#555';
    ctx.lineWidth = 1;
    for (var i = 0; i <= 4; i++) {
      var y = top + (h - top - bottom) * (1 - i / 4);
      ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(w - right, y); ctx.stroke();
      ctx.textAlign = 'right';
      ctx.fillText(format(scale * i / 4) + unit, left - 4, y + 4);
    }
    ctx.textAlign = 'center';
    for (var m = 0; m <= 5; m++) {
      var x = left + (w - left - right) * (m / 5);
      var ago = windowMillis * (5 - m) / 5 / 1000;
      ctx.fillText(m === 5 ? 'now' : ago >= 120 ? '-' + (ago / 60).toFixed(0) + ' min' : '-' + ago.toFixed(0) + ' s',
        x, h - 6);
    }
    lines.forEach(function (l) {
      ctx.strokeStyle = l.color;
      ctx.lineWidth = 2;
      ctx.beginPath();
      var drawing = false;
      l.points.forEach(function (p) {
        if (p[1] === null) { drawing = false; return; }
        var x = left + (w - left - right) * (1 - (now - p[0]) / windowMillis);
        var y = top + (h - top - bottom) * (1 - p[1] / scale);
        if (x < left) { return; }
        if (drawing) { ctx.lineTo(x, y); } else { ctx.moveTo(x, y); drawing = true; }
      });
      ctx.stroke();
    });
    canvas.dataset.points = String(lines[0].points.length);
    canvas.dataset.max = String(max);
  }

  function niceCeiling(v) {
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= v) { return steps[i] * p; } }
    return 10 * p;
  }

  function format(v) {
    if (v === 0) { return '0'; }
    if (v >= 100) { return v.toFixed(0); }
    if (v >= 1) { return v.toFixed(1); }
    return v.toPrecision(2);
  }

  function render(data) {
    var tbody = document.querySelector('#fuse-mounts tbody');
    var mounted = data.mounts.filter(function (m) { return m.state === 'MOUNTED'; });
    if (!mounted.some(function (m) { return m.mountpoint === selected; })) {
      selected = mounted.length ? mounted[0].mountpoint : null;
    }
    tbody.innerHTML = data.mounts.map(mountRow).join('');
    invalidateChoices(mounted);
    document.getElementById('fuse-selected').textContent = selected || '-';
    var m = data.mounts.filter(function (x) { return x.mountpoint === selected; })[0];
    operations(m);
    var history = m ? m.history : [];
    var now = history.length ? history[history.length - 1][0] : Date.now();
    var span = history.length ? now - history[0][0] : 0;
    var windowMillis = Math.min(maxWindow, Math.max(minWindow, Math.ceil(span / minWindow) * minWindow));
    var ms = function (ns) { return ns < 0 ? null : ns / 1e6; };
    chart(document.getElementById('fuse-chart-rate'), now, windowMillis,
      [{ color: '#2a8a2a', points: history.map(function (p) { return [p[0], p[1]]; }) }], '/s');
    chart(document.getElementById('fuse-chart-latency'), now, windowMillis,
      [{ color: '#1f6fd0', points: history.map(function (p) { return [p[0], ms(p[2])]; }) },
       { color: '#d0561f', points: history.map(function (p) { return [p[0], ms(p[3])]; }) }], '');
    page.dataset.refreshed = String(Date.now());
  }

  /* The invalidate form offers the live mounts; the choice made is kept. */
  function invalidateChoices(mounted) {
    var select = document.querySelector('#fuse-invalidate-form select');
    var now = mounted.map(function (m) { return m.mountpoint; });
    var shown = Array.prototype.map.call(select.options, function (o) { return o.value; });
    if (now.join('\n') === shown.join('\n')) { return; }
    var chosen = select.value;
    select.innerHTML = now.map(function (mp) {
      return '<option value="' + esc(mp) + '"' + (mp === chosen ? ' selected' : '') + '>' + esc(mp) + '</option>';
    }).join('');
  }

  document.getElementById('fuse-mounts').addEventListener('click', function (e) {
    if (e.target.classList.contains('select')) {
      selected = e.target.closest('tr').dataset.mountpoint;
      refresh();
    }
  });

  function refresh() {
    fetch(root + '/data.json', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(render)
      .catch(function (e) { page.dataset.error = String(e); });
  }

  refresh();
  setInterval(refresh, interval);
}());
