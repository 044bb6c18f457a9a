// Ratios as the report prints them: two decimals and a percent sign.

/**
 * part/whole as "12.34%", rounded half up from exact integer arithmetic (no binary-fraction
 * surprises such as 1.005 printing as 1.00). A ratio short of 1 never prints as 100.00%: an
 * operator reads 100% as done. `whenEmpty` is printed when whole is 0.
 */
export function formatPercent(part: number, whole: number, whenEmpty: string): string {
  if (whole <= 0) return whenEmpty;
  let hundredths = Math.round((part * 10_000) / whole);
  if (part < whole && hundredths >= 10_000) hundredths = 9_999;
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}%`;
}
