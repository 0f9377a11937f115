import { useState, type FormEvent } from 'react';
import { describeRateLimit, readRateLimitForm, windowOptions } from '../../lib/key-rate-limit';
import { useKeyMutations } from '../../lib/mutations';
import type { ProjectKey } from '../../lib/types';
import { FormError } from '../page-state';

/** One key's rate limit: what it is, and a small form to set, change or remove it. */
export function KeyRateLimit({ org, project, k }: { org: string; project: string; k: ProjectKey }) {
  const { update } = useKeyMutations(org, project);
  const [editing, setEditing] = useState(false);
  const [count, setCount] = useState(String(k.rateLimit?.count ?? 1000));
  const [windowSeconds, setWindowSeconds] = useState(String(k.rateLimit?.window ?? 60));
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = (rateLimit: ProjectKey['rateLimit']) =>
    update.mutate({ id: k.id, rateLimit }, { onSuccess: () => setEditing(false) });
  // The form starts from the key as the server has it now, not as it was when the list first loaded.
  const edit = () => {
    setCount(String(k.rateLimit?.count ?? 1000));
    setWindowSeconds(String(k.rateLimit?.window ?? 60));
    setInvalid(null);
    setEditing(true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const limit = readRateLimitForm(count, windowSeconds);
    setInvalid(typeof limit === 'string' ? limit : null);
    if (typeof limit !== 'string') save(limit);
  };
  if (!editing) {
    return (
      <div className="rate-limit-row" data-testid="key-rate-limit">
        <span className="muted small">Rate limit</span>
        <span>{describeRateLimit(k.rateLimit)}</span>
        <button type="button" className="btn btn-small" onClick={edit}>
          {k.rateLimit ? 'Change' : 'Set a limit'}
        </button>
      </div>
    );
  }
  return (
    <form className="rate-limit-row" data-testid="key-rate-limit" onSubmit={submit}>
      <span className="muted small">At most</span>
      <input
        aria-label="Error events per window"
        name="count"
        type="number"
        min={1}
        step={1}
        required
        value={count}
        onChange={(e) => setCount(e.target.value)}
      />
      <span className="muted small">error events per</span>
      <select
        aria-label="Window"
        name="window"
        value={windowSeconds}
        onChange={(e) => setWindowSeconds(e.target.value)}
      >
        {windowOptions(k.rateLimit?.window).map((o) => (
          <option key={o.seconds} value={o.seconds}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit" className="btn btn-small btn-primary" disabled={update.isPending}>
        Save
      </button>
      {k.rateLimit && (
        <button
          type="button"
          className="btn btn-small"
          disabled={update.isPending}
          onClick={() => save(null)}
        >
          Remove limit
        </button>
      )}
      <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>
        Cancel
      </button>
      <FormError error={invalid !== null ? new Error(invalid) : update.error} />
    </form>
  );
}
