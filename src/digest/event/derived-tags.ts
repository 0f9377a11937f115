/**
 * The tags Sentry derives for every event (event manager + context tag mappings), merged over the
 * tags the SDK sent, and the user identity used for distinct-user counts.
 */
import type { JsonObject } from '../../protocol/json.js';
import { isObject } from '../../protocol/json.js';
import { getPath, lenientString, str } from './coerce.js';
import { validTagValue } from './tags.js';

/**
 * Sentry's event-user tag (`EventUser.tag_value`; Relay's `get_eventuser_tag` mirrors it): the first of
 * id, username, email, IP address, prefixed with its kind.
 */
export function userKeyOf(user: unknown): string | null {
  if (!isObject(user)) return null;
  for (const [field, prefix] of [
    ['id', 'id'],
    ['username', 'username'],
    ['email', 'email'],
    ['ip_address', 'ip'],
  ] as const) {
    const value = lenientString(user[field]);
    if (value !== undefined) return `${prefix}:${value}`;
  }
  return null;
}

/** `{name} {version}`, or just the name, from a context (Sentry's context → tag mapping). */
function nameVersion(context: unknown): string | undefined {
  const name = str(getPath(context, 'name'))?.trim();
  if (!name) return undefined;
  const version = lenientString(getPath(context, 'version'))?.trim();
  return version ? `${name} ${version}` : name;
}

/**
 * The final tag list: the SDK's tags, then the derived ones (which replace an SDK tag of the same key,
 * keeping its position). Derived values that Sentry could not store as tags (over 200 characters,
 * newlines) are left out, like an over-long `url`.
 */
export function deriveTags(data: JsonObject, given: Array<[string, string]>): Array<[string, string]> {
  const tags = new Map<string, string>(given);
  const contexts = isObject(data['contexts']) ? data['contexts'] : {};
  const set = (key: string, value: unknown): void => {
    const v = validTagValue(value);
    if (v !== undefined) tags.set(key, v);
  };
  set('level', data['level']);
  set('logger', data['logger']);
  set('environment', data['environment']);
  set('release', data['release']);
  set('dist', data['dist']);
  set('transaction', data['transaction']);
  set('server_name', data['server_name']);
  set('url', getPath(data, 'request', 'url'));
  set('browser', nameVersion(contexts['browser']));
  set('browser.name', getPath(contexts['browser'], 'name'));
  set('os', nameVersion(contexts['os']));
  set('os.name', getPath(contexts['os'], 'name'));
  set('runtime', nameVersion(contexts['runtime']));
  set('runtime.name', getPath(contexts['runtime'], 'name'));
  set('device', getPath(contexts['device'], 'model'));
  set('device.family', getPath(contexts['device'], 'family'));
  // `handled` and `mechanism`: Sentry sets them for each exception in order, so the raised (last)
  // exception's mechanism wins, and an earlier one only shows when the last has none.
  const exceptions = getPath(data, 'exception', 'values');
  for (const exception of Array.isArray(exceptions) ? exceptions : []) {
    const mechanism = getPath(exception, 'mechanism');
    if (!isObject(mechanism)) continue;
    set('mechanism', mechanism['type']);
    if (typeof mechanism['handled'] === 'boolean') set('handled', mechanism['handled'] ? 'yes' : 'no');
  }
  const userKey = userKeyOf(data['user']);
  if (userKey) set('user', userKey);
  set('replayId', getPath(contexts['replay'], 'replay_id'));
  return [...tags];
}
