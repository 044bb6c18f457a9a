// npm run demo: two reference clusters on loopback, one sync, verified.
console.log('cluster-sync demo: not available yet.');
