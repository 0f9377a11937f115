/**
 * A cheap upper bound on the UTF-8 size of a value's JSON encoding, so the final size guard can skip
 * the exact `JSON.stringify` (a full second encoding of every event, after the one that stores it)
 * for the events that are nowhere near the limit, which is nearly all of them.
 */

/** Longest JSON encoding of a finite number (`-1.7976931348623157e+308`). */
const MAX_NUMBER_CHARS = 24;

/**
 * An upper bound of `Buffer.byteLength(JSON.stringify(value))`, or `Infinity` once it exceeds `cap` or
 * meets something it cannot bound (anything but plain JSON data): then only the exact size can tell.
 * A UTF-16 unit never takes more than 6 bytes (`\u001f`, a lone surrogate), hence 6 per unit.
 */
export function encodedSizeBound(value: unknown, cap: number): number {
  let total = 0;
  const visit = (v: unknown): boolean => {
    switch (typeof v) {
      case 'string':
        total += 6 * v.length + 2;
        break;
      case 'number':
        total += MAX_NUMBER_CHARS;
        break;
      case 'boolean':
        total += 5;
        break;
      case 'undefined':
        // Omitted in objects, `null` in arrays.
        total += 4;
        break;
      case 'object': {
        if (v === null) {
          total += 4;
          break;
        }
        total += 2;
        if (Array.isArray(v)) {
          for (const item of v as unknown[]) {
            total += 1;
            if (!visit(item) || total > cap) return false;
          }
          break;
        }
        const proto: unknown = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) return false; // toJSON, Buffer, Date, …
        for (const key in v) {
          total += 6 * key.length + 4;
          if (!visit((v as Record<string, unknown>)[key]) || total > cap) return false;
        }
        break;
      }
      default:
        return false;
    }
    return total <= cap;
  };
  return visit(value) ? total : Infinity;
}
