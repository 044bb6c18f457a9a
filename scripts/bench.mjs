// npm run bench: the benchmark suite (figures as ratios against baselines measured in the same run).
console.log('cluster-sync benchmarks: none yet in this version.');
