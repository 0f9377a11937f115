// Shapes of the replay routes' answers (Sentry's replay details, plus Faultline's replay errors route).

export interface Replay {
  id: string;
  project_id: string;
  replay_type: string;
  environment: string | null;
  releases: string[];
  started_at: string;
  finished_at: string;
  duration: number;
  count_segments: number;
  count_errors: number;
  count_urls: number;
  urls: string[];
  error_ids: string[];
  trace_ids: string[];
  activity: number;
  user: {
    id: string | null;
    email: string | null;
    username: string | null;
    ip: string | null;
    display_name: string | null;
  };
  browser: { name: string | null; version: string | null };
  os: { name: string | null; version: string | null };
  device: { name: string | null; brand: string | null; model: string | null; family: string | null };
  sdk: { name: string | null; version: string | null };
  tags: Record<string, string[]>;
  storage_bytes: number;
}

export interface ReplayError {
  id: string;
  issueId: string;
  shortId: string | null;
  title: string | null;
  level: string | null;
  timestamp: string | null;
  projectSlug: string;
}

/** One rrweb event as the SDK recorded it. */
export interface RecordedEvent {
  type: number;
  timestamp: number;
  data?: unknown;
}
