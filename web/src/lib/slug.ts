// Slugs as the server makes them (`src/api/projects/create.ts`), so forms can preview the URL name.

/** Lowercase letters, digits, `-` and `_`, at most 50 characters. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
}
