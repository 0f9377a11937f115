import { useState, type FormEvent } from 'react';
import { Navigate } from 'react-router';
import { AuthCard } from '../components/auth-card';
import { FormError, Loading } from '../components/page-state';
import { useSetup, useSetupState } from '../lib/session';
import { useTitle } from '../lib/use-title';

/** Shortest password the setup form accepts; the server has the final word. */
const MIN_PASSWORD = 8;

/** `/setup`: first start, no user yet. Creates the first superuser and signs them in. */
export function Setup() {
  const state = useSetupState();
  useTitle('Welcome');
  const setup = useSetup();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [localError, setLocalError] = useState<Error | null>(null);

  if (state.isPending) return <Loading />;
  if (setup.isSuccess) return <Navigate to="/organizations/new/" replace />;
  if (!state.data?.needsSetup) return <Navigate to="/login" replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password.length < MIN_PASSWORD)
      return setLocalError(new Error(`Use at least ${MIN_PASSWORD} characters.`));
    if (password !== confirm) return setLocalError(new Error('The passwords do not match.'));
    setLocalError(null);
    setup.mutate({ email, password, ...(name ? { name } : {}) });
  };
  return (
    <AuthCard
      title="Welcome to Faultline"
      lead="This server has no users yet. Create the first account: it will be a superuser who can manage everyone else."
    >
      <form className="form" onSubmit={submit}>
        <label>
          <span>
            Name <span className="muted">(optional)</span>
          </span>
          <input name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Email
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label>
          Confirm password
          <input
            type="password"
            name="confirm"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
          />
        </label>
        <FormError error={localError ?? setup.error} />
        <button type="submit" className="btn btn-primary" disabled={setup.isPending}>
          {setup.isPending ? 'Creating…' : 'Create superuser'}
        </button>
      </form>
    </AuthCard>
  );
}
