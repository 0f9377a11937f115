import { parseArgs } from 'node:util';
import { createProjectWithKey, validSlug } from '../api/projects/create.js';
import { buildDsn } from '../protocol/auth.js';
import { COMMON_OPTIONS, withStorage } from './open-storage.js';

/** `faultline org create SLUG [--name NAME] [--owner EMAIL]`; creates the default team of the same slug. */
export async function org(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, name: { type: 'string' }, owner: { type: 'string' } },
  });
  if (positionals[0] !== 'create' || !positionals[1]) {
    throw new Error('usage: faultline org create SLUG [--name NAME] [--owner EMAIL]');
  }
  const slug = validSlug(positionals[1]);
  return withStorage(values, async (storage) => {
    if (await storage.getOrganization(slug)) throw new Error(`organization ${slug} already exists`);
    const owner = values.owner ? await storage.getUserByEmail(values.owner) : null;
    if (values.owner && !owner) throw new Error(`no user with e-mail ${values.owner}`);
    const created = await storage.createOrganization({ slug, name: values.name ?? slug });
    await storage.createTeam({ organizationId: created.id, slug, name: values.name ?? slug });
    if (owner) await storage.addMember(created.id, owner.id, 'owner');
    console.log(`created organization ${slug}`);
    return 0;
  });
}

/** `faultline project create --org O --slug S [--team T] [--platform P] [--name N]`: prints the DSN last. */
export async function project(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...COMMON_OPTIONS,
      org: { type: 'string' },
      slug: { type: 'string' },
      team: { type: 'string' },
      platform: { type: 'string' },
      name: { type: 'string' },
    },
  });
  if (positionals[0] !== 'create' || !values.org || !values.slug) {
    throw new Error('usage: faultline project create --org ORG --slug SLUG [--team TEAM] [--platform P]');
  }
  const orgSlug = values.org;
  const slug = values.slug;
  return withStorage(values, async (storage, config) => {
    const organization = await storage.getOrganization(orgSlug);
    if (!organization) throw new Error(`no organization ${orgSlug}`);
    const teamSlug = values.team ?? orgSlug;
    const team = await storage.getTeam(organization.id, teamSlug);
    if (values.team && !team) throw new Error(`no team ${teamSlug} in ${orgSlug}`);
    const { project: created, key } = await createProjectWithKey(storage, organization, {
      name: values.name ?? slug,
      slug,
      platform: values.platform,
      teamId: team?.id ?? null,
    });
    const url = new URL(config.publicUrl);
    console.log(`created project ${orgSlug}/${created.slug} (id ${created.id})`);
    console.log(
      buildDsn({
        scheme: url.protocol.replace(':', ''),
        host: url.host,
        path: url.pathname.replace(/\/+$/, ''),
        publicKey: key.publicKey,
        projectId: String(created.id),
      }),
    );
    return 0;
  });
}
