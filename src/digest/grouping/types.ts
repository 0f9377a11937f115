/**
 * The typed view of a normalised event that the grouping algorithm reads. Built once per event by
 * `read-event.ts`, so strategies never touch untyped JSON.
 */

/** One stack frame, after in-app classification. */
export interface GroupingFrame {
  absPath?: string;
  filename?: string;
  function?: string;
  rawFunction?: string;
  module?: string;
  package?: string;
  /** The frame's own platform, else the event's. */
  platform: string;
  contextLine?: string;
  lineno?: number;
  colno?: number;
  /** In-app after the stack trace rules; unknown counts as false. */
  inApp: boolean;
  /** Set by a `-group` stack trace rule: the frame never contributes. */
  ignored: boolean;
  /** A source map was applied to this frame (`data.sourcemap`). */
  sourcemapUsed: boolean;
}

/** A stack trace: frames caller → callee, crash last. */
export interface GroupingStacktrace {
  frames: GroupingFrame[];
}

/** An exception's mechanism, as far as grouping needs it. */
export interface GroupingMechanism {
  type?: string;
  synthetic: boolean;
  handled?: boolean;
  exceptionId?: number;
  parentId?: number;
  isExceptionGroup: boolean;
  source?: string;
}

/** One exception of a chain. */
export interface GroupingException {
  type?: string;
  value?: string;
  module?: string;
  mechanism?: GroupingMechanism;
  stacktrace?: GroupingStacktrace;
}

/** One thread. */
export interface GroupingThread {
  crashed: boolean;
  current: boolean;
  stacktrace?: GroupingStacktrace;
}

/** A CSP report, as Relay stores it on `csp` events. */
export interface GroupingCsp {
  effectiveDirective?: string;
  violatedDirective?: string;
  blockedUri?: string;
}

/** Everything grouping reads from an event. */
export interface GroupingEvent {
  platform: string;
  exceptions: GroupingException[];
  stacktrace?: GroupingStacktrace;
  threads: GroupingThread[];
  /** `logentry.message` (template) and `logentry.formatted`. */
  message?: string;
  formatted?: string;
  template?: { filename?: string; contextLine?: string };
  csp?: GroupingCsp;
  fingerprint?: string[];
  transaction?: string;
  level?: string;
  logger?: string;
  release?: string;
  tags: Array<[string, string]>;
  sdkName?: string;
  sdkVersion?: string;
}
