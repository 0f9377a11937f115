/**
 * The two grains of performance roll-ups: hourly rows (any window, series by the hour) and day rows
 * (the whole days of a long window). Both hold the same columns; the slice's start is `hour` or `day`.
 * Both adapters write a batch into each with the same statements, naming the tables from here.
 */
export interface RollupTables {
  /** Counts and histograms per slice. */
  rollups: 'transaction_rollups' | 'transaction_rollups_day';
  /** Each user's largest duration and LCP per slice. */
  users: 'transaction_users' | 'transaction_users_day';
  /** The column holding the slice's start. */
  time: 'hour' | 'day';
  /** Each ended slice's users packed into one blob (SQLite; see user-sets.ts). */
  sets: 'transaction_user_sets' | 'transaction_user_sets_day';
  /** The slice's length in ms. */
  length: number;
}

/** The hourly roll-ups. */
export const HOURLY: RollupTables = {
  rollups: 'transaction_rollups',
  users: 'transaction_users',
  time: 'hour',
  sets: 'transaction_user_sets',
  length: 3_600_000,
};

/** The day roll-ups (UTC days). */
export const DAILY: RollupTables = {
  rollups: 'transaction_rollups_day',
  users: 'transaction_users_day',
  time: 'day',
  sets: 'transaction_user_sets_day',
  length: 86_400_000,
};
