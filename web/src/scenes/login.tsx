import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { AuthCard } from '../components/auth-card';
import { FormError, Loading } from '../components/page-state';
import { ApiError } from '../lib/api';
import { safeNext } from '../lib/safe-next';
import { useLogin, useMe, useSetupState } from '../lib/session';
import { useTitle } from '../lib/use-title';

/** Says why a login failed in words a person can act on. */
function loginError(err: unknown): unknown {
  if (err instanceof ApiError && err.status === 401) return new Error('Wrong email or password.');
  if (err instanceof ApiError && err.status === 429)
    return new Error('Too many attempts. Wait a minute, then try again.');
  return err;
}

/** `/login`: email and password. */
export function Login() {
  const [params] = useSearchParams();
  useTitle('Sign in');
  const next = safeNext(params.get('next'));
  const me = useMe();
  const setup = useSetupState();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (me.isPending || setup.isPending) return <Loading />;
  if (setup.data?.needsSetup) return <Navigate to="/setup" replace />;
  if (me.data) return <Navigate to={next} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password });
  };
  return (
    <AuthCard title="Sign in" lead="Sign in to see what broke, and since when.">
      <form className="form" onSubmit={submit}>
        <label>
          Email
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <FormError error={login.error ? loginError(login.error) : null} />
        <button type="submit" className="btn btn-primary" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
