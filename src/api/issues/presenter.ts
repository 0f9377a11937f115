import type { IssueRecord, ProjectRecord } from '../../storage/types.js';
import { isoDate } from '../format.js';
import { shortId } from './short-id.js';

/** Context the issue presenter needs beyond the record. */
export interface IssueContext {
  project: ProjectRecord;
  orgSlug: string;
  publicUrl: string;
  /** `stats` series keyed by period (`24h`, `14d`), as [unix seconds, count] pairs. */
  stats?: Record<string, Array<[number, number]>>;
}

/** An issue in the shape of Sentry's issue API (`count` is a string there, `userCount` a number). */
export function presentIssue(issue: IssueRecord, ctx: IssueContext): Record<string, unknown> {
  const handled = issue.metadata.handled;
  return {
    id: String(issue.id),
    shortId: shortId(ctx.project.slug, issue.shortNumber),
    title: issue.title,
    culprit: issue.culprit,
    permalink: `${ctx.publicUrl}/organizations/${ctx.orgSlug}/issues/${issue.id}/`,
    logger: null,
    level: issue.level,
    status: issue.status,
    substatus: issue.substatus,
    statusDetails: {},
    isPublic: false,
    platform: issue.platform,
    project: {
      id: String(ctx.project.id),
      name: ctx.project.name,
      slug: ctx.project.slug,
      platform: ctx.project.platform,
    },
    type: issue.type,
    issueType: issue.type === 'error' ? 'error' : 'default',
    issueCategory: 'error',
    metadata: issue.metadata,
    numComments: 0,
    assignedTo: null,
    isBookmarked: false,
    isSubscribed: false,
    hasSeen: false,
    annotations: [],
    isUnhandled: handled === false,
    count: String(issue.timesSeen),
    userCount: issue.userCount,
    firstSeen: isoDate(issue.firstSeen),
    lastSeen: isoDate(issue.lastSeen),
    firstRelease: issue.firstRelease ? { version: issue.firstRelease } : null,
    lastRelease: issue.lastRelease ? { version: issue.lastRelease } : null,
    ...(ctx.stats ? { stats: ctx.stats } : {}),
  };
}
