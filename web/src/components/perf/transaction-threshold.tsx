import { useState } from 'react';
import { Link } from 'react-router';
import { seg } from '../../lib/api';
import {
  thresholdOf,
  thresholdPhrase,
  useDeleteThresholdOverride,
  useProjectThreshold,
  useSetThresholdOverride,
  useThresholdOverride,
} from '../../lib/transaction-threshold';
import type { Project } from '../../lib/types';
import { ErrorState, FormError, Loading } from '../page-state';
import { ThresholdForm } from '../threshold-form';

/**
 * Which threshold judges this transaction's apdex and user misery, and (behind the Settings button,
 * Sentry's gear on its transaction summary) a form to give it its own or hand it back to its project's.
 * Needs one project: a threshold belongs to a project's transaction, not to a name across projects.
 */
export function TransactionThreshold({
  org,
  project,
  transaction,
}: {
  org: string;
  project: Project | undefined;
  transaction: string;
}) {
  const [open, setOpen] = useState(false);
  const own = useThresholdOverride(org, project?.id ?? '', transaction);
  const inherited = useProjectThreshold(org, project?.slug ?? '');
  const save = useSetThresholdOverride(org);
  const remove = useDeleteThresholdOverride(org);
  if (!project) {
    return (
      <p className="muted threshold-line" data-testid="transaction-threshold">
        Choose a project to see or set this transaction&apos;s apdex threshold.
      </p>
    );
  }
  const projectThreshold = inherited.data ? thresholdOf(inherited.data) : null;
  const current = own.data ? thresholdOf(own.data) : projectThreshold;
  const source = own.data ? 'its own' : inherited.data?.id ? `the ${project.slug} project’s` : 'the default';
  return (
    <div className="threshold-settings" data-testid="transaction-threshold">
      <div className="threshold-line">
        <span>
          Apdex threshold:{' '}
          {current ? (
            <>
              <strong>{thresholdPhrase(current)}</strong> <span className="muted">({source})</span>
            </>
          ) : (
            <span className="muted">…</span>
          )}
        </span>
        <button
          type="button"
          className="btn btn-small"
          aria-expanded={open}
          aria-controls="threshold-panel"
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">⚙</span> Settings
        </button>
      </div>
      {open && (
        <section id="threshold-panel" className="threshold-panel" aria-label="Transaction threshold settings">
          {own.isError || inherited.isError ? (
            <ErrorState error={own.error ?? inherited.error} what="threshold" />
          ) : own.isPending || inherited.isPending || !current || !projectThreshold ? (
            <Loading what="Loading the threshold" />
          ) : (
            <>
              <p className="muted">
                Satisfied up to T, tolerated up to 4T. This transaction only; the project uses{' '}
                {thresholdPhrase(projectThreshold)} (
                <Link to={`/settings/${seg(org)}/projects/${seg(project.slug)}/`}>project settings</Link>).
              </p>
              <ThresholdForm
                key={`${current.ms}:${current.metric}:${own.data ? 'own' : 'project'}`}
                initial={current}
                thresholdLabel="Threshold for this transaction (ms)"
                metricLabel="Measured on"
                onSave={(threshold) => {
                  remove.reset();
                  save.mutate({ projectId: project.id, transaction, threshold });
                }}
                pending={save.isPending}
                error={save.error}
                saved={save.isSuccess}
              >
                {own.data && (
                  <button
                    type="button"
                    className="btn"
                    disabled={remove.isPending}
                    onClick={() => {
                      save.reset();
                      remove.mutate({ projectId: project.id, transaction });
                    }}
                  >
                    Use the project&apos;s threshold
                  </button>
                )}
              </ThresholdForm>
              <FormError error={remove.error} />
            </>
          )}
        </section>
      )}
    </div>
  );
}
