import { useNavigate } from 'react-router';
import { seg } from '../../lib/api';
import { useDeleteIssue, useIssueStatus } from '../../lib/mutations';
import type { Issue } from '../../lib/types';
import { ConfirmButton } from '../confirm-button';
import { FormError } from '../page-state';

/** Resolve, ignore, unresolve and delete for one issue. */
export function IssueActions({ org, issue }: { org: string; issue: Issue }) {
  const status = useIssueStatus(org, issue.id);
  const remove = useDeleteIssue(org, issue.id);
  const navigate = useNavigate();
  const busy = status.isPending || remove.isPending;
  return (
    <div className="issue-actions">
      {issue.status === 'unresolved' ? (
        <>
          <button
            type="button"
            className="btn btn-primary btn-small"
            disabled={busy}
            onClick={() => status.mutate('resolved')}
          >
            Resolve
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => status.mutate('ignored')}
          >
            Ignore
          </button>
        </>
      ) : (
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => status.mutate('unresolved')}
        >
          Unresolve
        </button>
      )}
      <ConfirmButton
        label="Delete"
        confirmLabel="Delete issue and events?"
        disabled={busy}
        onConfirm={() =>
          remove.mutate(undefined, { onSuccess: () => void navigate(`/organizations/${seg(org)}/issues/`) })
        }
      />
      <FormError error={status.error ?? remove.error} />
    </div>
  );
}
