/**
 * The grouping component of one frame (Sentry's `frame:v1` in `newstyle.py`): module, filename,
 * function and context line, each with the per-platform cleanup and ignore rules.
 */
import type { Component } from './component.js';
import { component, update } from './component.js';
import { familyOf } from './in-app.js';
import type { GroupingFrame } from './types.js';

/** Platforms whose source context is trusted for grouping (`contextline_platforms`). */
const CONTEXT_LINE_PLATFORMS = new Set(['javascript', 'node', 'python', 'php', 'ruby']);

// Java code generators put random suffixes in class names; these collapse them (Sentry's regexes).
const JAVA_REFLECT = /(sun\.reflect\.Generated(?:Serialization)?ConstructorAccessor)\d+/g;
const JAVA_CGLIB = /(\$\$[\w_]+?CGLIB\$\$)[a-fA-F0-9]+(_[0-9]+)?/g;
const JAVA_ASSIST = /(\$\$_javassist)(?:_seam)?(?:_[0-9]+)?/g;
const CLOJURE_FN = /(\$fn__)\d+/g;
const JAVA_ENHANCER_BY = /(\$\$?EnhancerBy[\w_]+?\$?\$)[a-fA-F0-9]+(_[0-9]+)?/g;
const JAVA_FAST_CLASS_BY = /(\$\$?FastClassBy[\w_]+?\$?\$)[a-fA-F0-9]+(_[0-9]+)?/g;
const JAVA_HIBERNATE_PROXY = /(\$\$?HibernateProxy\$?\$)\w+(_[0-9]+)?/g;
const RUBY_ERB = /__\d{4,}_\d{4,}$/;

/**
 * Sentry's `has_url_origin`: browser frames loaded from a URL. `file:` counts as a URL only where the
 * caller says so (context lines yes, filenames no).
 */
export function hasUrlOrigin(path: string | undefined, filesCountAsUrls: boolean): boolean {
  if (!path) return false;
  if (/^(http:|https:|applewebdata:|blob:)/.test(path)) return true;
  return path.startsWith('file:') ? filesCountAsUrls : false;
}

function filenameComponent(frame: GroupingFrame): Component {
  if (frame.filename === undefined) return component('filename');
  // Platform-independent basename, lowercased.
  const name = frame.filename.split(/[/\\]/).pop()!.toLowerCase();
  const c = component('filename', [name]);
  if (hasUrlOrigin(frame.absPath, false))
    update(c, { contributes: false, hint: 'ignored because frame points to a URL' });
  else if (name === '<anonymous>')
    update(c, { contributes: false, hint: 'ignored because filename is anonymous' });
  else if (name === '[native code]')
    update(c, { contributes: false, hint: 'ignored because filename suggests native code' });
  else if (frame.platform === 'java') {
    const cleaned = name.replace(JAVA_ASSIST, '$1<auto>');
    if (cleaned !== name) update(c, { values: [cleaned], hint: 'cleaned javassist parts' });
  }
  return c;
}

function moduleComponent(frame: GroupingFrame): Component {
  const module = frame.module;
  if (module === undefined) return component('module');
  const c = component('module', [module]);
  if (frame.platform === 'javascript' && module.includes('/') && frame.absPath?.endsWith(module)) {
    update(c, { contributes: false, hint: 'ignored bad javascript module' });
  } else if (frame.platform === 'java') {
    if (module.includes('$$Lambda$')) update(c, { contributes: false, hint: 'ignored java lambda' });
    if (module.startsWith('sun.reflect.GeneratedMethodAccessor')) {
      update(c, { values: ['sun.reflect.GeneratedMethodAccessor'], hint: 'removed reflection marker' });
    } else if (module.startsWith('jdk.internal.reflect.GeneratedMethodAccessor')) {
      update(c, {
        values: ['jdk.internal.reflect.GeneratedMethodAccessor'],
        hint: 'removed reflection marker',
      });
    } else {
      let cleaned = module;
      for (const re of [
        JAVA_REFLECT,
        JAVA_CGLIB,
        JAVA_ASSIST,
        CLOJURE_FN,
        JAVA_ENHANCER_BY,
        JAVA_FAST_CLASS_BY,
        JAVA_HIBERNATE_PROXY,
      ]) {
        cleaned = cleaned.replace(re, '$1<auto>');
      }
      if (cleaned !== module) update(c, { values: [cleaned], hint: 'removed codegen marker' });
    }
  }
  return c;
}

function functionComponent(frame: GroupingFrame, contextLineAvailable: boolean): Component {
  // C# frames were historically grouped by the untrimmed name, so the raw name is preferred there.
  const func =
    frame.platform === 'csharp'
      ? (frame.rawFunction ?? frame.function)
      : (frame.function ?? frame.rawFunction);
  if (func === undefined) return component('function');
  const c = component('function', [func]);
  const family = familyOf(frame.platform);
  if (frame.platform === 'ruby') {
    if (func.startsWith('block ')) update(c, { values: ['block'], hint: 'ruby block' });
    else if (RUBY_ERB.test(func))
      update(c, { values: [func.replace(RUBY_ERB, '')], hint: 'removed generated erb template suffix' });
  } else if (frame.platform === 'php') {
    if (func.startsWith('[Anonymous') || func.startsWith('class@anonymous\x00')) {
      update(c, { contributes: false, hint: 'ignored anonymous function' });
    }
    if (func.startsWith('class@anonymous')) {
      const method = func.slice(func.lastIndexOf('::') + 2);
      if (func.includes('::') && method !== func)
        update(c, { values: [method], hint: 'anonymous class method' });
    }
  } else if (frame.platform === 'java') {
    if (func.startsWith('lambda$')) update(c, { contributes: false, hint: 'ignored lambda function' });
  } else if (family === 'native' && (func === '<redacted>' || func === '<unknown>')) {
    update(c, { contributes: false, hint: 'ignored unknown function' });
  } else if (family === 'javascript') {
    // `Object.foo` / `Foo.foo` → `foo`: browsers disagree on the receiver part.
    const trimmed = func.slice(func.lastIndexOf('.') + 1);
    if (trimmed !== func) update(c, { values: [trimmed], hint: 'trimmed javascript function' });
    // Source-mapped function names are unreliable; with a usable context line they are ignored.
    if (frame.sourcemapUsed && contextLineAvailable) {
      update(c, { contributes: false, hint: 'ignored because sourcemap used and context line available' });
    }
  }
  return c;
}

function contextLineComponent(frame: GroupingFrame): Component {
  const raw = frame.contextLine ?? '';
  const line = raw
    .split(/\s+/u)
    .filter((part) => part !== '')
    .join(' ');
  if (line === '') return component('context_line');
  const c = component('context_line', [line]);
  // Python's len() counts code points, not UTF-16 units.
  if ([...raw].length > 120) update(c, { contributes: false, hint: 'ignored because line is too long' });
  else if (
    familyOf(frame.platform) === 'javascript' &&
    !frame.function &&
    hasUrlOrigin(frame.absPath, true)
  ) {
    update(c, {
      contributes: false,
      hint: 'ignored because file path is a URL and function name is missing',
    });
  }
  return c;
}

/** Builds the component for one frame. */
export function frameComponent(frame: GroupingFrame): Component {
  const filename = filenameComponent(frame);
  const module = moduleComponent(frame);
  // A module, when usable, always wins over the filename.
  if (module.contributes && filename.contributes)
    update(filename, { contributes: false, hint: 'ignored because module takes precedence' });
  const contextLine =
    frame.contextLine && CONTEXT_LINE_PLATFORMS.has(frame.platform) ? contextLineComponent(frame) : undefined;
  const func = functionComponent(frame, contextLine?.contributes ?? false);
  const values: Component[] = [module, filename, func];
  if (contextLine) values.push(contextLine);
  const frameC = component('frame', values);

  // Low-quality JavaScript frames (set after the frame was built: see the note in component.ts).
  if (familyOf(frame.platform) === 'javascript') {
    const raw = frame.rawFunction ?? frame.function;
    const name = raw === undefined ? undefined : raw.slice(raw.lastIndexOf('.') + 1);
    if (!name) update(func, { contributes: false });
    else if (
      ['?', '<anonymous function>', '<anonymous>', 'Anonymous function'].includes(name) ||
      name.endsWith('/<')
    ) {
      update(func, { contributes: false, hint: 'ignored unknown function name' });
    }
    if (
      name === 'eval' ||
      ['[native code]', 'native code', 'eval code', '<anonymous>'].includes(frame.absPath ?? '')
    ) {
      update(frameC, { contributes: false, hint: 'ignored low quality javascript frame' });
    }
  }
  return frameC;
}
