// The status page's script, run by the browser: reads the API with the operator's token, fills the
// page and draws the charts. Plain browser JavaScript kept as text (the daemon serves it; nothing
// in Node runs it). Every name from the API goes in through textContent or attributes, never as
// HTML: database and table names may hold any character, '<' included.
export const PAGE_SCRIPT = String.raw`
'use strict';
var TOKEN_KEY = 'cluster-sync.http_token';
var REFRESH_MS = 5000;
/** The charts show at most this much of the history (the daemon keeps a day). */
var CHART_MS = 6 * 3600 * 1000;
var SVG = 'http://www.w3.org/2000/svg';
var timer;

function byId(id) { return document.getElementById(id); }

/** Sets a figure: the raw value in data-value (what a script reads), the readable text shown. */
function show(id, value, text) {
  var node = byId(id);
  node.setAttribute('data-value', value === null || value === undefined ? '' : String(value));
  node.textContent = text === undefined ? (value === null || value === undefined ? '-' : String(value)) : text;
}

function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
  (children || []).forEach(function (c) { node.append(c === null || c === undefined ? '' : c); });
  return node;
}

/** Replaces a container's children; a line in grey when there are none. */
function fill(id, nodes, whenEmpty) {
  var box = byId(id);
  box.replaceChildren.apply(box, nodes.length > 0 ? nodes : [el(box.tagName === 'TBODY' ? 'tr' : 'li', { class: 'empty' }, [box.tagName === 'TBODY' ? el('td', { colspan: '9' }, [whenEmpty]) : whenEmpty])]);
}

function bytes(n) {
  if (n === null || n === undefined) return '-';
  var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  var i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? String(Math.round(n)) : n.toFixed(n < 10 ? 2 : n < 100 ? 1 : 0)) + ' ' + units[i];
}

function rate(n) { return n === null || n === undefined ? 'not measured yet' : bytes(n) + '/s'; }

function duration(s) {
  if (s === null || s === undefined) return 'unknown';
  s = Math.round(s);
  if (s < 60) return s + ' s';
  var m = Math.floor(s / 60);
  if (m < 60) return m + ' min ' + (s % 60) + ' s';
  var h = Math.floor(m / 60);
  if (h < 48) return h + ' h ' + (m % 60) + ' min';
  return Math.floor(h / 24) + ' d ' + (h % 24) + ' h';
}

/** A time of day: to the second over a short span, to the minute over hours. */
function clock(ms, span) { return new Date(ms).toTimeString().slice(0, span < 3600 * 1000 ? 8 : 5); }

function when(iso) { return iso ? new Date(iso).toLocaleString() : '-'; }

/** One API read; null while the daemon has not read the clusters yet (503). */
async function api(path) {
  var token = sessionStorage.getItem(TOKEN_KEY);
  var response = await fetch('api/v1/' + path, { headers: token ? { Authorization: 'Bearer ' + token } : {}, cache: 'no-store' });
  if (response.status === 401) { var refused = new Error('401'); refused.unauthorized = true; throw refused; }
  if (response.status === 503) return null;
  var body = await response.json();
  if (!response.ok) throw new Error(path + ': ' + (body.error ? body.error.message : 'HTTP ' + response.status));
  return body;
}

function askToken(message) {
  byId('token-error').textContent = message;
  byId('token-form').hidden = false;
  byId('content').hidden = true;
  byId('token-input').focus();
}

function showCluster(side, c) {
  c = c || {};
  show(side + '-fe', c.fe || null);
  show(side + '-release', c.release || null, c.release || 'not read yet');
  show(side + '-connected', c.connected === undefined ? null : c.connected, c.connected ? 'connected' : c.connected === false ? 'not connected' : '-');
  show(side + '-error', c.error || null, c.error || '');
}

function showStatus(s) {
  show('phase', s.phase);
  show('mode', s.mode || null, s.mode || '');
  show('updated-at', s.updatedAt || null, 'updated ' + when(s.updatedAt) + (s.round !== undefined ? ', round ' + s.round : ''));
  var clusters = s.clusters || {};
  showCluster('source', clusters.source);
  showCluster('target', clusters.target);
  var jobs = s.jobs || {};
  ['finished', 'running', 'sent', 'jobPending', 'failed', 'unknown', 'ddlPending'].forEach(function (k) { show('jobs-' + k, jobs[k] === undefined ? null : jobs[k]); });
  var tables = s.tables || {};
  ['total', 'finished', 'unfinished', 'expired'].forEach(function (k) { show('tables-' + k, tables[k] === undefined ? null : tables[k]); });
  show('progress-job', (s.progress || {}).job || null, (s.progress || {}).job || '');
  show('progress-table', (s.progress || {}).table || null, (s.progress || {}).table || '');
  var lag = s.lag || {};
  show('lag-seconds', lag.seconds === undefined ? null : lag.seconds, duration(lag.seconds));
  show('lag-bytes', lag.bytes === undefined ? null : lag.bytes, bytes(lag.bytes));
  show('lag-partitions', lag.partitions === undefined ? null : lag.partitions);
  var through = s.throughput || {};
  show('throughput', through.bytesPerSecond === undefined ? null : through.bytesPerSecond, rate(through.bytesPerSecond));
  show('bytes-replicated', through.bytesReplicated === undefined ? null : through.bytesReplicated, bytes(through.bytesReplicated));
  var initial = s.initialCopy || {};
  show('initial-copy', initial.done === undefined ? null : initial.done, initial.done ? 'done' : initial.done === false ? bytes(initial.bytesLeft) + ' left' : '-');
  show('eta', initial.etaSeconds === undefined ? null : initial.etaSeconds, initial.done ? '-' : duration(initial.etaSeconds));
  var win = s.window || {};
  show('window', win.open === undefined ? null : win.open, win.open === undefined ? '-' : (win.open ? 'open' : 'closed') + (win.changesAt ? (win.open ? ' until ' : ', opens ') + when(win.changesAt) : ''));
  var steering = s.steering || {};
  show('paused-all', steering.pausedAll === undefined ? null : steering.pausedAll, steering.pausedAll ? 'yes' : 'no');
  var pauses = (steering.pausedDatabases || []).map(function (d) { return el('li', {}, ['database ' + d + ' paused']); })
    .concat((steering.pausedTables || []).map(function (t) { return el('li', {}, ['table ' + t + ' paused']); }))
    .concat((steering.resync || []).map(function (t) { return el('li', {}, ['table ' + t + ' to resync']); }))
    // What a pause holds back this round; its reason (the pause itself) is listed above, so it is the tooltip.
    .concat((steering.held || []).map(function (h) { return el('li', { 'data-object': h.object, title: h.reason }, ['held back: ' + h.object]); }));
  fill('paused', pauses, 'nothing paused or held');
  fill('blocked', (s.blocked || []).map(function (b) { return el('li', { 'data-object': b.object }, [el('b', {}, [b.object]), ': ' + b.reason]); }), 'nothing blocked');
  fill('errors', (s.errors || []).map(function (e) { return el('li', { class: 'error' }, [e]); }), 'no errors');
  fill('next', Object.keys(s.next || {}).map(function (step) { return el('li', { 'data-step': step }, [step + ': ' + s.next[step]]); }), 'not known yet');
}

function progressBar(done, total) {
  var percent = total > 0 ? Math.min(100, (100 * done) / total) : 100;
  var inner = el('div', {});
  inner.style.width = percent.toFixed(1) + '%';
  return el('span', {}, [el('span', { class: 'bar', role: 'progressbar', 'aria-valuenow': percent.toFixed(1) }, [inner]), ' ' + percent.toFixed(percent < 100 ? 1 : 0) + '% of ' + bytes(total)]);
}

function showTables(view) {
  if (!view) return fill('table-rows', [], 'waiting for the daemon to read the clusters');
  show('tables-count', view.tables.length);
  fill('table-rows', view.tables.map(function (t) {
    return el('tr', { 'data-db': t.db, 'data-table': t.table, 'data-state': t.state, 'data-bytes-done': t.bytesDone, 'data-bytes-total': t.bytesTotal }, [
      el('td', { class: 'name' }, [t.db + '.' + t.table]),
      el('td', { class: 'state', 'data-value': t.state }, [t.state]),
      el('td', {}, [progressBar(t.bytesDone, t.bytesTotal)]),
      el('td', { class: 'num' }, [bytes(t.bytesBehind)]),
      el('td', { class: 'num' }, [t.partitionsBehind > 0 ? duration(t.lagSeconds) : '-']),
      el('td', { class: t.lastError || t.blockedReason ? 'error' : '' }, [t.blockedReason || t.lastError || t.next]),
    ]);
  }), 'no table selected');
}

function showJobs(view) {
  if (!view) return fill('job-rows', [], 'waiting for the daemon to read the clusters');
  fill('job-rows', view.jobs.map(function (j) {
    return el('tr', { 'data-job': j.id, 'data-status': j.status }, [
      el('td', {}, [String(j.remoteJobId === null ? j.id : j.remoteJobId)]),
      el('td', {}, [j.db + '.' + j.table]),
      el('td', {}, [j.partitions.join(', ')]),
      el('td', { class: 'num' }, [bytes(j.bytes)]),
      el('td', { class: 'state', 'data-value': j.status }, [j.status + (j.phase ? ' (' + j.phase + ')' : '')]),
      el('td', { class: 'num' }, [String(j.failures)]),
      el('td', { class: 'error' }, [j.lastError || '']),
    ]);
  }), 'no job planned or running');
}

function svgNode(tag, attrs, text) {
  var node = document.createElementNS(SVG, tag);
  Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Draws up to two series over the same time axis, each on its own scale (left, right). */
function chart(id, series) {
  var svg = byId(id);
  var W = 600, H = 170, left = 70, right = series.length > 1 ? 70 : 12, top = 12, bottom = 22;
  var nodes = [svgNode('line', { class: 'axis', x1: left, y1: H - bottom, x2: W - right, y2: H - bottom })];
  var points = series[0].points;
  svg.setAttribute('data-points', String(points.length));
  if (points.length < 2) {
    nodes.push(svgNode('text', { class: 'label', x: left, y: H / 2 }, 'collecting samples (one per meta round)'));
    return svg.replaceChildren.apply(svg, nodes);
  }
  var t0 = points[0].t, t1 = points[points.length - 1].t;
  series.forEach(function (one, i) {
    var max = Math.max.apply(null, one.points.map(function (p) { return p.v; }).concat([0]));
    var scale = max > 0 ? max : 1;
    var xy = one.points.map(function (p) {
      var x = left + ((p.t - t0) / Math.max(1, t1 - t0)) * (W - left - right);
      var y = H - bottom - (p.v / scale) * (H - top - bottom);
      return x.toFixed(1) + ',' + y.toFixed(1);
    });
    nodes.push(svgNode('polyline', { class: 'series-' + i, points: xy.join(' ') }));
    var x = i === 0 ? left - 6 : W - right + 6, anchor = i === 0 ? 'end' : 'start';
    nodes.push(svgNode('text', { class: 'label', x: x, y: top + 8, 'text-anchor': anchor }, one.format(max)));
    nodes.push(svgNode('text', { class: 'label', x: x, y: H - bottom, 'text-anchor': anchor }, one.format(0)));
    nodes.push(svgNode('text', { class: 'label series-name', x: x, y: top + 22, 'text-anchor': anchor }, one.name));
  });
  nodes.push(svgNode('text', { class: 'label', x: left, y: H - 4 }, clock(t0, t1 - t0)));
  nodes.push(svgNode('text', { class: 'label', x: W - right, y: H - 4, 'text-anchor': 'end' }, clock(t1, t1 - t0)));
  svg.replaceChildren.apply(svg, nodes);
}

function showHistory(view) {
  var samples = view ? view.samples : [];
  var last = samples.length > 0 ? samples[samples.length - 1].at : 0;
  samples = samples.filter(function (s) { return last - s.at <= CHART_MS; });
  // Throughput at each sample: the bytes finished jobs brought over the window before it, per
  // second. A job's bytes count when it finishes, so sample-to-sample deltas would be spikes.
  var span = samples.length > 1 ? samples[samples.length - 1].at - samples[0].at : 0;
  var windowMs = Math.max(30 * 1000, span / 40);
  var through = [];
  for (var i = 1, j = 0; i < samples.length; i++) {
    while (samples[i].at - samples[j].at > windowMs) j++;
    var from = j < i ? j : i - 1;
    var seconds = (samples[i].at - samples[from].at) / 1000;
    if (seconds > 0) through.push({ t: samples[i].at, v: Math.max(0, samples[i].finishedBytes - samples[from].finishedBytes) / seconds });
  }
  chart('chart-throughput', [{ name: 'throughput', points: through, format: function (v) { return bytes(v) + '/s'; } }]);
  chart('chart-lag', [
    { name: 'lag', points: samples.map(function (s) { return { t: s.at, v: s.lagSeconds }; }), format: duration },
    { name: 'behind', points: samples.map(function (s) { return { t: s.at, v: s.lagBytes }; }), format: bytes },
  ]);
}

async function refresh() {
  clearTimeout(timer);
  try {
    var read = await Promise.all(['status', 'tables', 'jobs', 'history'].map(api));
    byId('token-form').hidden = true;
    byId('content').hidden = false;
    byId('notice').textContent = '';
    showStatus(read[0] || { phase: 'starting' });
    showTables(read[1]);
    showJobs(read[2]);
    showHistory(read[3]);
  } catch (error) {
    if (error.unauthorized) {
      var had = sessionStorage.getItem(TOKEN_KEY) !== null;
      sessionStorage.removeItem(TOKEN_KEY);
      // No refresh until a token is entered: each attempt would only be refused again.
      return askToken(had ? 'The daemon refused that token; enter its http_token.' : 'This daemon asks for its http_token.');
    }
    byId('notice').textContent = 'The daemon does not answer (' + error.message + '); trying again.';
  }
  timer = setTimeout(refresh, REFRESH_MS);
}

byId('token-form').addEventListener('submit', function (event) {
  event.preventDefault();
  var input = byId('token-input');
  sessionStorage.setItem(TOKEN_KEY, input.value.trim());
  input.value = '';
  refresh();
});
refresh();
`;
