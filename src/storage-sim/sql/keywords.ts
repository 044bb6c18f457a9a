// Words that can never be a bare (unquoted) name. StarRocks reserves more; these are the ones
// whose use as a name would make this grammar ambiguous (an implicit alias swallowing FROM, a
// column list swallowing KEY) or that a typo most often produces.
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'ADD', 'ALL', 'ALTER', 'AND', 'AS', 'ASC', 'BETWEEN', 'BY', 'CASE', 'CREATE', 'CROSS', 'DEFAULT',
  'DELETE', 'DESC', 'DISTINCT', 'DISTRIBUTED', 'DROP', 'ELSE', 'EXCEPT', 'EXISTS', 'FALSE', 'FOR',
  'FROM', 'FULL', 'GROUP', 'HAVING', 'IN', 'INDEX', 'INNER', 'INSERT', 'INTERSECT', 'INTERVAL', 'INTO',
  'IS', 'JOIN', 'KEY', 'LEFT', 'LIKE', 'LIMIT', 'MINUS', 'NOT', 'NULL', 'ON', 'OR', 'ORDER',
  'OUTER', 'PARTITION', 'PRIMARY', 'RIGHT', 'SELECT', 'SET', 'SHOW', 'TABLE', 'THEN',
  'TRUE', 'UNION', 'UPDATE', 'USING', 'VALUES', 'WHEN', 'WHERE', 'WITH',
]);

/** Functions MySQL lets you call without parentheses. */
export const NILADIC_FUNCTIONS: ReadonlySet<string> = new Set([
  'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'CURRENT_USER', 'LOCALTIME', 'LOCALTIMESTAMP',
]);
