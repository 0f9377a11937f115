import { DEFAULT_THRESHOLD } from '../../../../src/perf/thresholds';
import {
  thresholdOf,
  thresholdPhrase,
  useProjectThreshold,
  useResetProjectThreshold,
  useSetProjectThreshold,
} from '../../lib/transaction-threshold';
import type { Project } from '../../lib/types';
import { ErrorState, FormError, Loading } from '../page-state';
import { RelativeTime } from '../relative-time';
import { ThresholdForm } from '../threshold-form';

/**
 * The project's apdex / user-misery threshold T and the value it judges (duration, or the page's LCP),
 * through Sentry's `transaction-threshold/configure/` route. Its T is also the project option
 * `sentry:apdex_threshold`; single transactions may override it on their summary page.
 */
export function ProjectApdex({ org, project }: { org: string; project: Project }) {
  const config = useProjectThreshold(org, project.slug);
  const save = useSetProjectThreshold(org);
  const reset = useResetProjectThreshold(org);
  if (config.isPending) return <Loading what="Loading the threshold" />;
  if (config.isError) return <ErrorState error={config.error} what="threshold" />;
  const current = thresholdOf(config.data);
  const configured = config.data.id !== '';
  return (
    <>
      <p className="muted">
        A transaction is satisfied up to T, tolerated up to 4T, and frustrating beyond; a user is miserable
        after one frustrating transaction. The default is {thresholdPhrase(DEFAULT_THRESHOLD)}. Under an LCP
        threshold, transactions without an LCP (API requests, navigations) count as frustrating.
      </p>
      <p data-testid="project-threshold">
        Now: <strong>{thresholdPhrase(current)}</strong>
        {configured && config.data.dateUpdated ? (
          <span className="muted">
            {' '}
            (set <RelativeTime date={config.data.dateUpdated} />)
          </span>
        ) : (
          <span className="muted"> (the default)</span>
        )}
      </p>
      <ThresholdForm
        key={`${current.ms}:${current.metric}`}
        initial={current}
        thresholdLabel="Apdex threshold T (ms)"
        metricLabel="Measured on"
        onSave={(threshold) => {
          reset.reset();
          save.mutate({ project: project.slug, threshold });
        }}
        pending={save.isPending}
        error={save.error}
        saved={save.isSuccess}
      >
        {configured && (
          <button
            type="button"
            className="btn"
            disabled={reset.isPending}
            onClick={() => {
              save.reset();
              reset.mutate(project.slug);
            }}
          >
            Reset to default
          </button>
        )}
      </ThresholdForm>
      <FormError error={reset.error} />
    </>
  );
}
