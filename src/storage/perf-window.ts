/**
 * How a window of roll-ups splits between grains: the whole UTC days it covers are read from the day
 * roll-ups, the partial days at either end from the hourly ones. Both grains count the same
 * transactions (a day row is its 24 hourly rows folded), so the answer is the one the hours give.
 */
import { DAY_MS, dayOf, hourOf } from './event-body.js';

/** A window's slices: hours in each [from, to) of `hours`, days in `days` (null: no whole day). */
export interface WindowSlices {
  hours: Array<[number, number]>;
  days: [number, number] | null;
}

/**
 * The slices of [since, until): every hour overlapping it (as the hourly queries read), with the
 * whole days among those hours taken as days instead.
 */
export function splitWindow(since: number, until: number): WindowSlices {
  const first = hourOf(since);
  // The end of the last hour that starts before `until`.
  const end = hourOf(until - 1) + 3_600_000;
  const dayFrom = dayOf(first) === first ? first : dayOf(first) + DAY_MS;
  const dayTo = dayOf(end);
  if (!(until > since) || dayTo <= dayFrom) return { hours: [[first, until]], days: null };
  const hours: Array<[number, number]> = [];
  if (first < dayFrom) hours.push([first, dayFrom]);
  if (dayTo < end) hours.push([dayTo, end]);
  return { hours, days: [dayFrom, dayTo] };
}
