// The calendar of dynamic partitions: where the partition `offset` units away from now starts, in
// the table's time zone, and the name suffix StarRocks derives from that start
// (HOUR 2024010100, DAY 20240101, WEEK 2024_01, MONTH 202401, YEAR 2024).
// StarRocks: fe/fe-core/src/main/java/com/starrocks/common/util/DynamicPartitionUtil.java
// (getPartitionRangeString, getFormattedPartitionName).
import type { WallClock } from '../../common/values/datetime.js';

export type { WallClock };

export type TimeUnit = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';

export const TIME_UNITS: readonly TimeUnit[] = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'];


/** How a partition column holds a border: DATE 'yyyy-MM-dd', DATETIME 'yyyy-MM-dd HH:mm:ss', integers yyyyMMdd. */
export type BorderFormat = 'DATE' | 'DATETIME' | 'INTEGER';

/** Where each unit starts: the day of the week (1 Monday .. 7 Sunday) and of the month (1 .. 28). */
export interface UnitStart {
  dayOfWeek: number;
  dayOfMonth: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** StarRocks accepts these short names as well as region ids and offsets. */
const ZONE_ALIASES: Record<string, string> = { CST: 'Asia/Shanghai', PRC: 'Asia/Shanghai', UTC: 'UTC', GMT: 'UTC' };
const OFFSET = /^(?:GMT|UTC)?([+-])(\d{1,2}):(\d{2})$/;

/** The FE's own time zone (the default of dynamic_partition.time_zone). */
export function frontendTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Whether a time zone is one StarRocks accepts: a region id, a known short name, or an offset of at most 14 hours. */
export function isKnownTimeZone(zone: string): boolean {
  const offset = OFFSET.exec(zone);
  if (offset) return Number(offset[2]) * 60 + Number(offset[3]) <= 14 * 60 && Number(offset[3]) < 60;
  if (ZONE_ALIASES[zone]) return true;
  if (!zone.includes('/')) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function fromUtcFields(date: Date): WallClock {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/** The wall clock of an instant in a time zone (region id, short name or offset). */
export function wallClockAt(instantMs: number, zone: string): WallClock {
  const offset = OFFSET.exec(zone);
  if (offset) {
    const minutes = (Number(offset[2]) * 60 + Number(offset[3])) * (offset[1] === '-' ? -1 : 1);
    return fromUtcFields(new Date(instantMs + minutes * 60_000));
  }
  const parts = formatterFor(ZONE_ALIASES[zone] ?? zone).formatToParts(new Date(instantMs));
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: field('year'), month: field('month'), day: field('day'), hour: field('hour'), minute: field('minute'), second: field('second') };
}

/** Days since 1970-01-01 of a proleptic Gregorian date. */
function epochDay(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return Math.round(date.getTime() / DAY_MS);
}

function dateOfEpochDay(days: number): { year: number; month: number; day: number } {
  const date = new Date(days * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** ISO day of the week: 1 Monday .. 7 Sunday. */
function isoDayOfWeek(days: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

function midnight(date: { year: number; month: number; day: number }): WallClock {
  return { ...date, hour: 0, minute: 0, second: 0 };
}

/**
 * Where the partition `offset` units from now starts. HOUR moves along the instant line and then
 * drops minutes and seconds; the other units move the local date and start at midnight: a week on
 * its start day at or before the date, a month on its start day (the previous month when today is
 * before it), a year on January 1st.
 */
export function unitStart(unit: TimeUnit, nowMs: number, zone: string, offset: number, start: UnitStart): WallClock {
  if (unit === 'HOUR') return { ...wallClockAt(nowMs + offset * HOUR_MS, zone), minute: 0, second: 0 };
  const now = wallClockAt(nowMs, zone);
  const today = epochDay(now.year, now.month, now.day);
  switch (unit) {
    case 'DAY':
      return midnight(dateOfEpochDay(today + offset));
    case 'WEEK': {
      const shifted = today + 7 * offset;
      return midnight(dateOfEpochDay(shifted - ((isoDayOfWeek(shifted) - start.dayOfWeek + 7) % 7)));
    }
    case 'MONTH': {
      const months = now.year * 12 + (now.month - 1) + offset - (now.day < start.dayOfMonth ? 1 : 0);
      return midnight({ year: Math.floor(months / 12), month: (months % 12) + 1, day: start.dayOfMonth });
    }
    case 'YEAR':
      return midnight({ year: now.year + offset, month: 1, day: 1 });
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Years a DATE or DATETIME column can hold: a border outside them is no partition. */
export function isStorableYear(clock: WallClock): boolean {
  return clock.year >= 0 && clock.year <= 9999;
}

/** The border as the partition column holds it. */
export function formatBorder(clock: WallClock, format: BorderFormat): string {
  const date = `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`;
  if (format === 'DATE') return date;
  if (format === 'INTEGER') return date.replaceAll('-', '');
  return `${date} ${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}`;
}

/**
 * The week number StarRocks gives a week that starts on `date`: java.util.Calendar's
 * WEEK_OF_YEAR under the US rules (weeks start on Sunday, week 1 holds January 1st), except that
 * a late-December day Calendar counts in week 1 of the next year is week 53 of its own year.
 */
function weekSuffix(year: number, month: number, day: number): string {
  const days = epochDay(year, month, day);
  const sundayIndex = (d: number) => isoDayOfWeek(d) % 7; // 0 Sunday .. 6 Saturday
  const nextJanuaryFirst = epochDay(year + 1, 1, 1);
  if (days >= nextJanuaryFirst - sundayIndex(nextJanuaryFirst)) return `${pad(year, 4)}_53`;
  const januaryFirst = epochDay(year, 1, 1);
  const week = Math.floor((days - januaryFirst + sundayIndex(januaryFirst)) / 7) + 1;
  return `${pad(year, 4)}_${pad(week)}`;
}

/** The name suffix of a partition that starts at `border` (as formatBorder printed it). */
export function partitionNameSuffix(border: string, unit: TimeUnit): string {
  const digits = border.replace(/[-: ]/g, '');
  switch (unit) {
    case 'HOUR':
      return digits.slice(0, 10);
    case 'DAY':
      return digits.slice(0, 8);
    case 'MONTH':
      return digits.slice(0, 6);
    case 'YEAR':
      return digits.slice(0, 4);
    case 'WEEK':
      return weekSuffix(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6, 8)));
  }
}
