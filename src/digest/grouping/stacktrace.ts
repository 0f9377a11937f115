/**
 * The stack trace strategy (Sentry's `stacktrace:v1`): one component per variant. The **app** variant
 * only counts in-app frames; the **system** variant counts all frames. `!app` marks app as the priority
 * variant: a system hash equal to it is dropped.
 */
import type { Component, Variants } from './component.js';
import { component, update } from './component.js';
import { frameComponent, hasUrlOrigin } from './frame-components.js';
import { familyOf } from './in-app.js';
import type { GroupingFrame, GroupingStacktrace } from './types.js';

/** Sentry's `RECURSION_COMPARISON_FIELDS`: a frame equal to its caller on all of these is a direct recursion. */
function isRecursion(frame: GroupingFrame, previous: GroupingFrame | undefined): boolean {
  if (!previous) return false;
  return (
    frame.absPath === previous.absPath &&
    frame.package === previous.package &&
    frame.module === previous.module &&
    frame.filename === previous.filename &&
    frame.function === previous.function &&
    frame.lineno === previous.lineno &&
    frame.colno === previous.colno
  );
}

function variantComponent(stacktrace: GroupingStacktrace, variant: 'app' | 'system'): Component {
  const frames = stacktrace.frames;
  const comps = frames.map((frame, i) => {
    const c = frameComponent(frame);
    if (isRecursion(frame, frames[i - 1]))
      update(c, { contributes: false, hint: 'ignored due to recursion' });
    if (variant === 'app' && !frame.inApp) update(c, { contributes: false });
    return c;
  });
  // A lone JS frame without a function is too weak to group on. In `newstyle:2023-01-11` the check
  // famously looks for frames *with* a URL origin (`handle_js_single_frame_url_origin_backwards`).
  const only = frames.length === 1 ? frames[0] : undefined;
  if (only && comps[0]!.contributes && familyOf(only.platform) === 'javascript' && !only.function) {
    if (hasUrlOrigin(only.absPath, true))
      update(comps[0]!, { contributes: false, hint: 'ignored single non-URL JavaScript frame' });
  }
  // `-group` stack trace rules apply when the stack trace is assembled.
  frames.forEach((frame, i) => {
    if (frame.ignored) update(comps[i]!, { contributes: false, hint: 'ignored by stack trace rule' });
  });
  return component('stacktrace', comps);
}

/** Builds the `!app` and `system` stack trace components, with Sentry's frame-count based verdicts. */
export function stacktraceVariants(stacktrace: GroupingStacktrace): Variants {
  const app = variantComponent(stacktrace, 'app');
  const system = variantComponent(stacktrace, 'system');
  let inAppFrames = 0;
  let contributingFrames = 0;
  let inAppContributingFrames = 0;
  system.values.forEach((value, i) => {
    if (typeof value === 'string') return;
    const inApp = stacktrace.frames[i]!.inApp;
    if (inApp) inAppFrames++;
    if (value.contributes) {
      contributingFrames++;
      if (inApp) inAppContributingFrames++;
    }
  });
  if (system.values.length === 0) {
    update(system, { contributes: false, hint: 'ignored because it contains no frames' });
    update(app, { contributes: false, hint: 'ignored because it contains no frames' });
  } else {
    if (contributingFrames === 0)
      update(system, { contributes: false, hint: 'ignored because it contains no contributing frames' });
    if (inAppFrames === 0)
      update(app, { contributes: false, hint: 'ignored because it contains no in-app frames' });
    else if (inAppContributingFrames === 0) {
      update(app, { contributes: false, hint: 'ignored because it contains no contributing frames' });
    }
  }
  return new Map([
    ['!app', app],
    ['system', system],
  ]);
}
