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
}

/** The hourly roll-ups. */
export const HOURLY: RollupTables = {
  rollups: 'transaction_rollups',
  users: 'transaction_users',
  time: 'hour',
};

/** The day roll-ups (UTC days). */
export const DAILY: RollupTables = {
  rollups: 'transaction_rollups_day',
  users: 'transaction_users_day',
  time: 'day',
};
