/**
 * The built-in stack trace rules of `newstyle:2023-01-11` (Sentry's `all-platforms@2023-01-11`
 * enhancements), written in Sentry's own rule syntax and parsed at load. Only rules that can match
 * non-native frames are included: native (`family:native`) rules need symbolicated native frames,
 * which Faultline does not produce. One rule is Faultline's own (marked below, from ingest.md §6).
 */

/** What a rule tests on a frame (`key:pattern`, `!` negates). */
export interface Matcher {
  key: 'path' | 'abs_path' | 'filename' | 'module' | 'function' | 'package' | 'family' | 'category';
  pattern: string;
  negated: boolean;
}

/** What a rule does: set in-app or grouping on the frame or a range, or set the frame's category. */
export type Action =
  | { kind: 'app' | 'group'; value: boolean; range: 'self' | 'up' | 'down' }
  | { kind: 'category'; value: string };

/** One rule: `[ caller ] | frame | [ callee ] actions…`. */
export interface Rule {
  frame: Matcher[];
  caller?: Matcher[];
  callee?: Matcher[];
  actions: Action[];
}

const RULES_TEXT = String.raw`
# JVM / Android frame categories
module:dalvik.system.* category=system
module:com.android.* category=system
package:/apex/com.android.*/lib*/** category=system
module:com.lenovo.lsf.* category=system
module:com.lenovo.payplus.* category=system
module:java.* category=std
module:com.google.crypto.* category=std
module:com.google.android.* category=std
module:javax.crypto.* category=std
module:android.database.* category=std
module:androidx.* category=std
module:android.* category=std
module:android.os.* category=system
module:android.view.* category=ui
module:android.text.* category=ui
module:android.widget.* category=ui
module:android.app.Dialog category=ui
module:androidx.*.widget.* category=ui
module:com.google.android.material.* category=ui
category:ui function:handleMessage category=indirection
category:ui function:run category=indirection
module:android.os.AsyncTask* function:call category=threadbase
module:java.util.concurrent.ThreadPoolExecutor* function:runWorker category=threadbase
module:android.os.* function:call category=threadbase
module:android.app.ActivityThread function:main category=threadbase
module:android.view.View function:layout category=threadbase
module:android.os.Looper function:loop category=threadbase
module:android.os.Handler function:dispatchMessage category=threadbase
module:android.os.Handler function:handleCallback category=threadbase
module:android.app.ActivityThread* function:handleMessage category=threadbase
module:java.lang.reflect.* category=indirection
module:java.lang.Class function:getMethod category=indirection
module:androidx.work.impl.utils.ForceStopRunnable category=indirection
module:cn.gundam.sdk.* category=telemetry
module:com.lenovo.payplus.analytics.* category=telemetry
package:**/libbugly.so category=telemetry
module:java.lang.System function:loadLibrary category=load
module:java.lang.Runtime function:loadLibrary* category=load
category:system -app
category:threadbase -group v-group
category:telemetry -group
category:indirection -group
category:internals -group
[ !category:system ] | category:system | [ !category:system ] category=indirection
[ category:system ] | category:system category=internals
[ category:std ] | category:system category=internals
[ category:std ] | category:std category=internals
[ category:ui ] | category:ui category=internals
[ category:ui ] | category:system category=internals
[ category:internals ] | category:system category=internals
[ category:internals ] | category:ui category=internals
[ category:load ] | category:system category=internals
[ category:load ] | category:load category=internals

# general, python, js
path:**/vendor/** -app
path:**/site-packages/** -app
path:**/dist-packages/** -app
path:**/node_modules/** -app
module:unpkg/** -app
path:**https://unpkg.com/** -app
path:**https://cdnjs.cloudflare.com/** -app
path:**https://cdn.jsdelivr.net/** -app
path:**https://esm.run/** -app
family:javascript function:reportError ^-app -app
family:javascript path:webpack:** +app
family:javascript path:webpack:** filename:~/*** -app
family:javascript path:webpack:** filename:**/node_modules/** -app
family:javascript path:app:** +app
family:javascript path:app:** filename:**/node_modules/** -app
module:@babel/** -app -group
module:core-js/** -app -group
module:regenerator-runtime/** -app -group
module:tslib/** -app -group
family:javascript function:_callSuper -app -group
function:runMicrotasks -app -group
function:queueMicrotask -app -group
function:processTicksAndRejections -app -group
function:runNextTicks -app -group
function:nextTick -app -group
# Faultline: Node internals never count (ingest.md §6); not a Sentry rule.
family:javascript abs_path:node:internal/** -app -group

# dart / flutter
family:javascript path:org-dartlang-sdk:///** -app -group
family:javascript module:**/packages/flutter/** -app
path:package:sentry/** -app -group
path:package:sentry_flutter/** -app -group
path:package:sentry_logging/** -app -group
path:package:sentry_dio/** -app -group
path:package:sentry_file/** -app -group
path:package:sentry_hive/** -app -group
path:package:sentry_isar/** -app -group
path:package:sentry_sqflite/** -app -group
path:package:sentry_drift/** -app -group
path:package:sentry_link/** -app
path:package:sentry_firebase_remote_config/** -app

# go
path:**/go/pkg/mod/** -app

# java / kotlin
module:akka.* category=framework
module:com.fasterxml.* category=framework
module:com.microsoft.* category=framework
module:com.sun.* category=framework
module:feign.* category=framework
module:io.opentelemetry.* category=framework
module:io.sentry.* category=framework -group
module:jdk.* category=framework
module:oauth.* category=framework
module:org.apache.* category=framework
module:org.glassfish.* category=framework
module:org.jboss.* category=framework
module:org.jdesktop.* category=framework
module:org.postgresql.* category=framework
module:org.springframework.* category=framework
module:org.web3j.* category=framework
module:reactor.core.* category=framework
module:scala.* category=framework
module:sun.* category=framework
category:framework -app
module:kotlin.* -app
module:kotlinx.* -app
module:io.ktor.* -app
module:io.netty.* -app

# other telemetry SDKs
module:newrelic -app -group
path:**/*newrelic*/** -app -group
path:**/*logrocket*/** -app -group
`;

function parseMatchers(text: string): Matcher[] {
  const out: Matcher[] = [];
  for (const token of text.trim().split(/\s+/)) {
    if (token === '') continue;
    const negated = token.startsWith('!');
    const body = negated ? token.slice(1) : token;
    const colon = body.indexOf(':');
    const key = body.slice(0, colon) as Matcher['key'];
    let pattern = body.slice(colon + 1);
    // Path-like fields are compared lowercased, so their patterns are too (Sentry's `_prepare_pattern`).
    if (key === 'path' || key === 'abs_path' || key === 'filename' || key === 'package')
      pattern = pattern.toLowerCase();
    out.push({ key, pattern, negated });
  }
  return out;
}

function parseAction(token: string): Action {
  const eq = token.indexOf('=');
  if (eq > 0) return { kind: 'category', value: token.slice(eq + 1) };
  const range = token.startsWith('^') ? 'up' : token.startsWith('v') ? 'down' : 'self';
  const flag = range === 'self' ? token : token.slice(1);
  return { kind: flag.endsWith('app') ? 'app' : 'group', value: flag.startsWith('+'), range };
}

/** Parses one rule line. */
export function parseRule(line: string): Rule {
  let rest = line.trim();
  let caller: Matcher[] | undefined;
  let callee: Matcher[] | undefined;
  const callerMatch = /^\[([^\]]*)\]\s*\|/.exec(rest);
  if (callerMatch) {
    caller = parseMatchers(callerMatch[1]!);
    rest = rest.slice(callerMatch[0].length);
  }
  const calleeMatch = /\|\s*\[([^\]]*)\]/.exec(rest);
  let actionsText: string;
  if (calleeMatch) {
    callee = parseMatchers(calleeMatch[1]!);
    actionsText = rest.slice(calleeMatch.index + calleeMatch[0].length);
    rest = rest.slice(0, calleeMatch.index);
  } else {
    actionsText = '';
  }
  const tokens = rest.trim().split(/\s+/);
  const isAction = (t: string): boolean => /^[\^v]?[+-](app|group)$/.test(t) || t.startsWith('category=');
  const matcherTokens = tokens.filter((t) => !isAction(t));
  const actionTokens = [...tokens.filter(isAction), ...actionsText.trim().split(/\s+/).filter(isAction)];
  const rule: Rule = {
    frame: parseMatchers(matcherTokens.join(' ')),
    actions: actionTokens.map(parseAction),
  };
  if (caller) rule.caller = caller;
  if (callee) rule.callee = callee;
  return rule;
}

/** The parsed built-in rules, in order (order matters: later in-app actions win). */
export const BUILTIN_RULES: readonly Rule[] = RULES_TEXT.split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map(parseRule);
