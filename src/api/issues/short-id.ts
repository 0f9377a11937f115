/** Crockford's base32 alphabet (no I, L, O, U), which is what Sentry's short ids use. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `PROJECT-1A`: the project slug uppercased and the per-project counter in base32. */
export function shortId(projectSlug: string, n: number): string {
  let digits = '';
  let v = Math.max(0, Math.floor(n));
  do {
    digits = ALPHABET[v % 32] + digits;
    v = Math.floor(v / 32);
  } while (v > 0);
  return `${projectSlug.toUpperCase()}-${digits}`;
}
