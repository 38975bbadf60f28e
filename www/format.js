// Numbers and dates as the reader's locale writes them, through Intl: one place, so every view,
// chart axis, tooltip and table cell agrees. The API's days ("2026-03-01") are calendar days, not
// instants: they are read and written in UTC so no time zone can move them to the day before.

const counts = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const metrics = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const secondsFormat = new Intl.NumberFormat(undefined, { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 2 });
const dayLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const dayShort = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayOfTimestamp = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const lists = new Intl.ListFormat(undefined, { style: 'long', type: 'conjunction' });

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A count of things: 1,234. */
export const count = (n) => counts.format(n);
/** A metric value (cost may have cents): 1,234.5. Text that is not a number is left as it is. */
export const metric = (v) => (typeof v === 'number' ? metrics.format(v) : String(v ?? ''));
/** A number for a chart axis tick: 12K. */
export const tick = (n) => compact.format(n);
/** Elapsed time: 1.25 sec. */
export const seconds = (s) => secondsFormat.format(s);
/** "a, b and c". */
export const list = (items) => lists.format(items);

/** Whether `text` is an API calendar day, YYYY-MM-DD. */
export const isDay = (text) => typeof text === 'string' && DAY.test(text);
const utc = (text) => new Date(`${text}T00:00:00Z`);
/** A calendar day in full: Mar 1, 2026. */
export const day = (text) => (isDay(text) ? dayLong.format(utc(text)) : String(text ?? ''));
/** A calendar day for an axis: Mar 1. */
export const shortDay = (text) => (isDay(text) ? dayShort.format(utc(text)) : String(text ?? ''));

/** The day of an ISO timestamp, in the reader's time zone; the API's text when it is not a date. */
export function date(timestamp) {
  const d = new Date(timestamp);
  return Number.isNaN(d.getTime()) ? String(timestamp ?? '') : dayOfTimestamp.format(d);
}


const plurals = new Intl.PluralRules('en'); // the demo's words are English
/** "1 owner", "2 viewers": a count and an English noun (plural with an s unless given). */
export const plural = (n, one, many = `${one}s`) => `${count(n)} ${plurals.select(n) === 'one' ? one : many}`;
