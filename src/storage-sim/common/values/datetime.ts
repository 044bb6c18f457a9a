// DATE and DATETIME. Both are kept as canonical text ('YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS' plus
// '.ffffff' only when the microseconds are not zero), which sorts like the instants themselves.
// Accepted input, as StarRocks loads accept it: '-' or '/' separated dates with 1- or 2-digit
// month and day, compact 'YYYYMMDD' / 'YYYYMMDDHHMMSS', a 'T' or space before the time, and up to
// 6 fraction digits (more are truncated). Dates are proleptic Gregorian, years 0000..9999.
import type { ColumnType } from '../column-types.js';
import { invalid } from './value-error.js';

const SEPARATED = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:[ T]?(\d{2})(\d{2})(\d{2})(?:\.(\d{1,9}))?)?$/;

/** A local date and time (no zone): what a clock on the wall shows. */
export interface WallClock {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

interface DateTimeParts extends WallClock {
  /** Up to 6 digits, right-padded: microseconds as text. */
  micros: string;
  hasTime: boolean;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function splitParts(text: string): DateTimeParts | undefined {
  const match = SEPARATED.exec(text) ?? COMPACT.exec(text);
  if (!match) return undefined;
  const parts: DateTimeParts = {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4] ?? 0),
    minute: Number(match[5] ?? 0),
    second: Number(match[6] ?? 0),
    micros: (match[7] ?? '').slice(0, 6).padEnd(6, '0'),
    hasTime: match[4] !== undefined,
  };
  const dateOk = parts.month >= 1 && parts.month <= 12 && parts.day >= 1 && parts.day <= daysInMonth(parts.year, parts.month);
  const timeOk = parts.hour <= 23 && parts.minute <= 59 && parts.second <= 59;
  return dateOk && timeOk ? parts : undefined;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function dateText(p: DateTimeParts): string {
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** DATE from text; a datetime's time of day is dropped, as a cast to DATE does. */
export function parseDate(type: ColumnType, text: string): string {
  const parts = splitParts(text.trim());
  if (!parts) throw invalid(type, text);
  return dateText(parts);
}

/** DATETIME from text; a bare date means midnight. */
export function parseDateTime(type: ColumnType, text: string): string {
  const parts = splitParts(text.trim());
  if (!parts) throw invalid(type, text);
  const base = `${dateText(parts)} ${pad2(parts.hour)}:${pad2(parts.minute)}:${pad2(parts.second)}`;
  return parts.micros === '000000' ? base : `${base}.${parts.micros}`;
}

/** The text protocol shows a DATETIME without its fraction when the fraction is zero. */
export function formatDateTime(value: string): string {
  return value.endsWith('.000000') ? value.slice(0, -7) : value;
}
