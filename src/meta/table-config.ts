// Meaning from information_schema.tables_config, whatever the release printed it: the same table
// must read the same on a 3.2 source and a 3.5 target, or the daemon would see a schema
// difference that only the two FEs' versions explain (and drop the target table for it).

/**
 * HASH or RANDOM. FEs before 3.3 print DISTRIBUTE_TYPE `HASH` for every table, RANDOM ones
 * included (InformationSchemaDataSource.genNormalTableConfigInfo; PR #43222 printed the real
 * type). A hash distribution always names its columns, so a table without distribution columns is
 * RANDOM on every release.
 */
export function tableDistribution(distributeType: string, distributionColumns: readonly string[]): string {
  if (distributionColumns.length === 0) return 'RANDOM';
  return distributeType.toUpperCase() || 'HASH';
}

/**
 * Whether the table's own scheduler adds and drops its partitions (dynamic_partition.enable).
 * tables_config.PROPERTIES is JSON: newer FEs print the table's properties flat
 * ("dynamic_partition.enable": "true"), older ones a hand-built map whose "dynamic_partition" value
 * is the whole dynamic-partition property as text, so the text is searched rather than parsed.
 */
export function isDynamicPartitioned(properties: unknown): boolean {
  if (typeof properties !== 'string' || properties === '') return false;
  return /dynamic_partition\.enable\\*"?\s*[:=]\s*\\*"?\s*true/i.test(properties);
}
