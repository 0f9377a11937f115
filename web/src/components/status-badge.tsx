import type { IssueStatus } from '../lib/types';

const LABELS: Record<IssueStatus, string> = {
  unresolved: 'Unresolved',
  resolved: 'Resolved',
  ignored: 'Ignored',
};

/** The issue's status as a pill. */
export function StatusBadge({ status }: { status: IssueStatus }) {
  return <span className={`pill status-${status}`}>{LABELS[status] ?? status}</span>;
}
