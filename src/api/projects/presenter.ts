import { buildDsn } from '../../protocol/auth.js';
import type { OrganizationRecord, ProjectKeyRecord, ProjectRecord, TeamRecord } from '../../storage/types.js';
import { isoDate } from '../format.js';
import { DEFAULT_THRESHOLD } from '../../perf/thresholds.js';

/** The project option holding the apdex threshold, in Sentry's `sentry:` option namespace. */
export const APDEX_OPTION = 'sentry:apdex_threshold';

/** An organization in the shape of Sentry's organization API. */
export function presentOrganization(org: OrganizationRecord): Record<string, unknown> {
  return {
    id: String(org.id),
    slug: org.slug,
    name: org.name,
    dateCreated: isoDate(org.dateCreated),
    status: { id: 'active', name: 'active' },
    isEarlyAdopter: false,
    require2FA: false,
    avatar: { avatarType: 'letter_avatar', avatarUuid: null },
    features: [],
  };
}

/** A team in Sentry's short team shape. */
export function presentTeam(team: TeamRecord): Record<string, unknown> {
  return { id: String(team.id), slug: team.slug, name: team.name, dateCreated: isoDate(team.dateCreated) };
}

/** A project in the shape of Sentry's project API. */
export function presentProject(
  project: ProjectRecord,
  org: OrganizationRecord,
  team: TeamRecord | null,
): Record<string, unknown> {
  return {
    id: String(project.id),
    slug: project.slug,
    name: project.name,
    platform: project.platform,
    dateCreated: isoDate(project.dateCreated),
    firstEvent: isoDate(project.firstEventAt),
    // Project options, Sentry-style keys. The apdex threshold T (ms) that `apdex()` and `user_misery()`
    // use for this project's transactions when a query names none (the ms of the threshold that
    // `transaction-threshold/configure/` shows with its metric).
    options: { [APDEX_OPTION]: project.threshold?.thresholdMs ?? DEFAULT_THRESHOLD.ms },
    hasAccess: true,
    isMember: true,
    isBookmarked: false,
    status: 'active',
    features: [],
    organization: presentOrganization(org),
    team: team ? presentTeam(team) : null,
    teams: team ? [presentTeam(team)] : [],
  };
}

/** A client key with its DSNs, in the shape of Sentry's project keys API. */
export function presentKey(key: ProjectKeyRecord, publicUrl: string): Record<string, unknown> {
  const url = new URL(publicUrl);
  const base = {
    scheme: url.protocol.replace(':', ''),
    host: url.host,
    path: url.pathname.replace(/\/+$/, ''),
    publicKey: key.publicKey,
    projectId: String(key.projectId),
  };
  const api = `${publicUrl}/api/${key.projectId}`;
  return {
    id: key.publicKey,
    name: key.label,
    label: key.label,
    public: key.publicKey,
    secret: key.secretKey,
    projectId: key.projectId,
    isActive: key.isActive,
    dateCreated: isoDate(key.dateCreated),
    // Sentry's shape: at most `count` error events per `window` seconds, or null for no limit.
    rateLimit: key.rateLimit ? { window: key.rateLimit.window, count: key.rateLimit.count } : null,
    browserSdkVersion: 'latest',
    dsn: {
      public: buildDsn(base),
      secret: buildDsn(base).replace(`${key.publicKey}@`, `${key.publicKey}:${key.secretKey}@`),
      csp: `${api}/security/?sentry_key=${key.publicKey}`,
      security: `${api}/security/?sentry_key=${key.publicKey}`,
      minidump: `${api}/minidump/?sentry_key=${key.publicKey}`,
      unreal: `${api}/unreal/${key.publicKey}/`,
      cdn: null,
    },
  };
}
