import type { Storage } from '../../storage/storage.js';
import type { OrganizationRecord, ProjectKeyRecord, ProjectRecord } from '../../storage/types.js';
import { ApiError, badInput } from '../errors.js';

/** A slug as Sentry allows them: lowercase letters, digits, `-` and `_`, not only digits. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
}

/** Checks a user-given slug. */
export function validSlug(slug: string): string {
  if (!/^[a-z0-9_-]{1,50}$/.test(slug) || /^\d+$/.test(slug)) {
    throw badInput('Enter a valid slug consisting of lowercase letters, numbers, underscores or hyphens.');
  }
  return slug;
}

/**
 * Creates a project with its first client key, as Sentry does, so a DSN exists from the start.
 * Shared by the API and the CLI.
 */
export async function createProjectWithKey(
  storage: Storage,
  org: OrganizationRecord,
  input: {
    name: string;
    slug?: string | undefined;
    platform?: string | null | undefined;
    teamId: number | null;
  },
): Promise<{ project: ProjectRecord; key: ProjectKeyRecord }> {
  const name = input.name.trim().slice(0, 100);
  if (!name) throw badInput('name is required');
  const slug = validSlug(input.slug ?? slugify(name));
  if (await storage.getProject(org.id, slug))
    throw new ApiError(409, 'A project with this slug already exists.');
  const platform = input.platform ? String(input.platform).slice(0, 64) : null;
  const project = await storage.createProject({
    organizationId: org.id,
    teamId: input.teamId,
    slug,
    name,
    platform,
  });
  const key = await storage.createProjectKey(project.id, 'Default');
  return { project, key };
}
