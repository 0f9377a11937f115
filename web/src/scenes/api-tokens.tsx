import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '../components/confirm-button';
import { CopyButton } from '../components/copy-button';
import { ErrorState, FormError, Loading } from '../components/page-state';
import { RelativeTime } from '../components/relative-time';
import { useTokenMutations } from '../lib/mutations';
import { useApiTokens } from '../lib/queries';

/** `/settings/account/api/auth-tokens/`: personal API tokens for scripts and sentry-cli. */
export function ApiTokens() {
  const tokens = useApiTokens();
  const { create, revoke } = useTokenMutations();
  const [name, setName] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  if (tokens.isPending) return <Loading />;
  if (tokens.isError) return <ErrorState error={tokens.error} what="tokens" />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(name.trim() || 'token', {
      onSuccess: (t) => {
        setShown(t.token ?? null);
        setName('');
      },
    });
  };
  return (
    <div className="page">
      <header className="page-head">
        <h1>API tokens</h1>
      </header>
      <p className="lead">
        Tokens act as you on the API (<code>Authorization: Bearer …</code>), for scripts and{' '}
        <code>sentry-cli</code>.
      </p>
      {shown && (
        <div className="card notice" role="status">
          <strong>Copy the new token now: it will not be shown again.</strong>
          <div className="dsn-row">
            <code className="dsn" data-testid="new-token">
              {shown}
            </code>
            <CopyButton text={shown} />
          </div>
        </div>
      )}
      <form className="inline-form" onSubmit={submit}>
        <input
          aria-label="Token name"
          placeholder="Token name, e.g. CI releases"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          Create token
        </button>
      </form>
      <FormError error={create.error ?? revoke.error} />
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Created</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.data.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No tokens yet.
              </td>
            </tr>
          )}
          {tokens.data.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>
                <RelativeTime date={t.dateCreated} />
              </td>
              <td>
                {t.lastUsedAt ? <RelativeTime date={t.lastUsedAt} /> : <span className="muted">never</span>}
              </td>
              <td className="actions">
                <ConfirmButton
                  label="Revoke"
                  confirmLabel="Revoke token?"
                  onConfirm={() => revoke.mutate(t.id)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
