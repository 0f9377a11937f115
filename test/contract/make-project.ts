import type { Storage } from '../../src/storage/storage.js';
import type { ProjectRecord } from '../../src/storage/types.js';

/** An organization `o` with one project `p`: the setup of storage tests that need a project to write to. */
export async function oneProject(storage: Storage, platform: string | null = null): Promise<ProjectRecord> {
  const org = await storage.createOrganization({ slug: 'o', name: 'O' });
  return storage.createProject({ organizationId: org.id, teamId: null, slug: 'p', name: 'P', platform });
}
