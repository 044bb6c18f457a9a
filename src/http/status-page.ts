// The status page served at GET /: one self-contained HTML document (no CDN, no external file)
// that reads /api/v1/status, /tables, /jobs and /history with the operator's token and redraws
// itself every few seconds. The shell holds no data, so it is served without the token.
// Every figure has a stable id and its raw value in data-value, so a script or a test can read it.
import { PAGE_SCRIPT } from './status-page-script.js';
import { PAGE_STYLE } from './status-page-style.js';

export function statusPage(): string {
  return STATUS_PAGE;
}

const cluster = (side: string) => `
  <dt>${side}</dt><dd><span id="${side}-connected">-</span>, <span id="${side}-release">-</span></dd>
  <dt></dt><dd class="line"><span id="${side}-fe">-</span> <span id="${side}-error" class="error"></span></dd>`;

const STATUS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cluster-sync status</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLE}</style></head>
<body>
<header><h1>cluster-sync</h1><span id="phase" class="phase">loading</span><span id="mode" class="muted"></span>
<span id="updated-at" class="muted"></span><span id="notice" role="status"></span></header>
<form id="token-form" hidden autocomplete="off">
  <label>Token <input id="token-input" type="password" required></label><button type="submit">Show status</button>
  <div id="token-error"></div>
</form>
<main id="content">
<div class="cards">
  <div class="card"><h2>Clusters</h2><dl>${cluster('source')}${cluster('target')}</dl></div>
  <div class="card"><h2>Lag</h2><div class="big" id="lag-seconds">-</div>
    <dl><dt>behind</dt><dd id="lag-bytes">-</dd><dt>partitions</dt><dd id="lag-partitions">-</dd></dl></div>
  <div class="card"><h2>Throughput</h2><div class="big" id="throughput">-</div>
    <dl><dt>replicated</dt><dd id="bytes-replicated">-</dd><dt>initial copy</dt><dd id="initial-copy">-</dd><dt>ETA</dt><dd id="eta">-</dd></dl></div>
  <div class="card"><h2>Jobs</h2><dl>
    <dt>finished</dt><dd id="jobs-finished">-</dd><dt>running</dt><dd id="jobs-running">-</dd><dt>sent</dt><dd id="jobs-sent">-</dd>
    <dt>pending</dt><dd id="jobs-jobPending">-</dd><dt>failed</dt><dd id="jobs-failed">-</dd><dt>unknown</dt><dd id="jobs-unknown">-</dd>
    <dt>DDL pending</dt><dd id="jobs-ddlPending">-</dd></dl></div>
  <div class="card"><h2>Tables</h2><dl>
    <dt>total</dt><dd id="tables-total">-</dd><dt>finished</dt><dd id="tables-finished">-</dd>
    <dt>unfinished</dt><dd id="tables-unfinished">-</dd><dt>expired</dt><dd id="tables-expired">-</dd></dl></div>
  <div class="card"><h2>Window and pauses</h2><dl><dt>sync window</dt><dd id="window">-</dd><dt>daemon paused</dt><dd id="paused-all">-</dd></dl>
    <ul id="paused"></ul></div>
</div>
<section class="wide"><h2>Progress</h2><div class="line" id="progress-job"></div><div class="line" id="progress-table"></div></section>
<div class="charts">
  <section class="wide"><h2>Throughput (bytes per second of finished jobs, over a sliding window)</h2><svg id="chart-throughput" viewBox="0 0 600 170" role="img" aria-label="throughput over time"></svg></section>
  <section class="wide"><h2>Lag (seconds, solid) and bytes behind (dashed)</h2><svg id="chart-lag" viewBox="0 0 600 170" role="img" aria-label="lag over time"></svg></section>
</div>
<section class="wide"><h2>Tables (<span id="tables-count">-</span>)</h2><table>
  <thead><tr><th>table</th><th>state</th><th>copied</th><th>behind</th><th>lag</th><th>next, or why not</th></tr></thead>
  <tbody id="table-rows"></tbody></table></section>
<section class="wide"><h2>Jobs</h2><table>
  <thead><tr><th>job</th><th>table</th><th>partitions</th><th>bytes</th><th>status</th><th>failures</th><th>last error</th></tr></thead>
  <tbody id="job-rows"></tbody></table></section>
<div class="cards">
  <section class="wide"><h2>Blocked</h2><ul id="blocked"></ul></section>
  <section class="wide"><h2>Next steps</h2><ul id="next"></ul></section>
  <section class="wide"><h2>Last errors</h2><ul id="errors"></ul></section>
</div>
</main>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
