import { useState, type FormEvent } from 'react';
import {
  APDEX_OPTION,
  DEFAULT_APDEX_MS,
  apdexThresholdOf,
  useSetApdexThreshold,
} from '../../lib/apdex-threshold';
import type { Project } from '../../lib/types';
import { FormError } from '../page-state';

/** The project's apdex threshold T, which apdex and user misery use for its transactions. */
export function ProjectApdex({ org, project }: { org: string; project: Project }) {
  const save = useSetApdexThreshold(org);
  const [value, setValue] = useState(String(apdexThresholdOf(project)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ project: project.slug, ms: Number(value) });
  };
  return (
    <form className="form" onSubmit={submit}>
      <p className="muted">
        A transaction is satisfied up to T, tolerated up to 4T, and frustrating beyond; the default is{' '}
        {DEFAULT_APDEX_MS} ms. API: <code>options[&quot;{APDEX_OPTION}&quot;]</code> on the project.
      </p>
      <label>
        Apdex threshold T (ms)
        <input
          name="apdex"
          type="number"
          required
          min={1}
          max={60000}
          step={1}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </label>
      <FormError error={save.error} />
      <div className="row-gap">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          Save
        </button>
        {save.isSuccess && <span className="muted">Saved.</span>}
      </div>
    </form>
  );
}
