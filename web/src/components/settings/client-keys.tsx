import { useState, type FormEvent } from 'react';
import { useKeyMutations } from '../../lib/mutations';
import { useProjectKeys } from '../../lib/queries';
import { ConfirmButton } from '../confirm-button';
import { CopyButton } from '../copy-button';
import { ErrorState, FormError, Loading } from '../page-state';
import { RelativeTime } from '../relative-time';
import { KeyRateLimit } from './key-rate-limit';

/** A project's client keys: each DSN and rate limit, enable/disable, create and delete. */
export function ClientKeys({ org, project }: { org: string; project: string }) {
  const keys = useProjectKeys(org, project);
  const { create, update, remove } = useKeyMutations(org, project);
  const [name, setName] = useState('');
  if (keys.isPending) return <Loading />;
  if (keys.isError) return <ErrorState error={keys.error} what="keys" />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(name.trim() || 'Default', { onSuccess: () => setName('') });
  };
  return (
    <div data-testid="client-keys">
      <ul className="key-list">
        {keys.data.map((k) => (
          <li key={k.id} className={k.isActive ? 'key' : 'key inactive'}>
            <div className="key-head">
              <strong>{k.label || k.name}</strong>
              <span className={`pill ${k.isActive ? 'status-resolved' : 'status-ignored'}`}>
                {k.isActive ? 'Active' : 'Disabled'}
              </span>
              <span className="muted small">
                created <RelativeTime date={k.dateCreated} />
              </span>
              <span className="spacer" />
              <button
                type="button"
                className="btn btn-small"
                disabled={update.isPending}
                onClick={() => update.mutate({ id: k.id, isActive: !k.isActive })}
              >
                {k.isActive ? 'Disable' : 'Enable'}
              </button>
              <ConfirmButton
                label="Delete"
                confirmLabel="Delete key?"
                onConfirm={() => remove.mutate(k.id)}
              />
            </div>
            <div className="dsn-row">
              <span className="muted small">DSN</span>
              <code className="dsn">{k.dsn.public}</code>
              <CopyButton text={k.dsn.public} />
            </div>
            <KeyRateLimit org={org} project={project} k={k} />
          </li>
        ))}
      </ul>
      <FormError error={update.error ?? remove.error} />
      <form className="inline-form" onSubmit={submit}>
        <input
          aria-label="New key name"
          placeholder="Key name, e.g. Production"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="btn" disabled={create.isPending}>
          Create key
        </button>
      </form>
      <FormError error={create.error} />
    </div>
  );
}
