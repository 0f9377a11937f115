/** Session replay records shared by the digest, both storage adapters and the API. */

/** Who and what a replay was recorded on: taken from its lowest segment, so arrival order does not matter. */
export interface ReplayInfo {
  replayType: string;
  platform: string | null;
  release: string | null;
  environment: string | null;
  dist: string | null;
  user: { id?: string; email?: string; username?: string; ip?: string; name?: string } | null;
  sdk: { name?: string; version?: string };
  browser: { name?: string; version?: string };
  os: { name?: string; version?: string };
  device: { name?: string; brand?: string; model?: string; family?: string };
  tags: Array<[string, string]>;
}

/** One segment as the digest hands it to storage (its recording already in the blob store). */
export interface ReplaySegmentInput {
  projectId: number;
  replayId: string;
  segmentId: number;
  receivedAt: number;
  /** When the segment was flushed (ms). */
  timestamp: number;
  /** `replay_start_timestamp` (ms), sent with segment 0. */
  startedAt: number | null;
  urls: string[];
  errorIds: string[];
  traceIds: string[];
  info: ReplayInfo;
  /** The stored recording (a zlib-compressed JSON array of rrweb events). */
  blobKey: string;
  /** Bytes of the stored recording (and video). */
  size: number;
  /** Mobile replays: the segment's MP4. */
  videoBlobKey: string | null;
}

/** The index row of one replay, merged from all its segments. */
export interface ReplayRecord {
  projectId: number;
  replayId: string;
  startedAt: number;
  finishedAt: number;
  countSegments: number;
  urls: string[];
  errorIds: string[];
  traceIds: string[];
  info: ReplayInfo;
  /** Bytes of all stored recordings (and videos) of the replay. */
  size: number;
}

/** One stored segment, for playback. */
export interface ReplaySegmentRecord {
  segmentId: number;
  blobKey: string;
  videoBlobKey: string | null;
  size: number;
  receivedAt: number;
}

export type ReplaySort =
  'started_at' | 'finished_at' | 'duration' | 'count_errors' | 'count_segments' | 'count_urls';

/** Filters of the replay list (the API's query language compiles to these). */
export interface ReplayQuery {
  projectIds: number[];
  since?: number;
  until?: number;
  environments?: string[];
  /** Substring of any visited URL. */
  urls: Array<{ value: string; negate: boolean }>;
  /** `user.id`, `user.email`, `user.username`, `user.ip` or any of them (`user`). */
  users: Array<{ field: 'id' | 'email' | 'username' | 'ip' | 'any'; value: string; negate: boolean }>;
  releases: Array<{ value: string; negate: boolean }>;
  /** Numeric comparisons, e.g. count_errors > 0. Duration is in seconds. */
  numbers: Array<{
    field: 'count_errors' | 'duration' | 'count_segments' | 'count_urls';
    op: '>' | '>=' | '<' | '<=' | '=';
    value: number;
  }>;
  /** Free text: matches a URL or the user. */
  text: string[];
  sort: ReplaySort;
  descending: boolean;
  limit: number;
  offset: number;
}
