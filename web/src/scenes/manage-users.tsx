import { useState, type FormEvent } from 'react';
import { ErrorState, FormError, Loading, NotFound } from '../components/page-state';
import { RelativeTime } from '../components/relative-time';
import { useUserMutations } from '../lib/mutations';
import { useAdminUsers } from '../lib/queries';
import { useMe } from '../lib/session';

/** `/manage/users/`: superusers create accounts, grant superuser and deactivate users. */
export function ManageUsers() {
  const me = useMe();
  const users = useAdminUsers();
  const { create, update } = useUserMutations();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [isSuperuser, setSuperuser] = useState(false);
  if (!me.data?.isSuperuser) return <NotFound />;
  if (users.isPending) return <Loading />;
  if (users.isError) return <ErrorState error={users.error} what="users" />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { email, password, isSuperuser },
      {
        onSuccess: () => {
          setEmail('');
          setPassword('');
          setSuperuser(false);
        },
      },
    );
  };
  return (
    <div className="page">
      <header className="page-head">
        <h1>Users</h1>
      </header>
      <table className="table">
        <thead>
          <tr>
            <th>User</th>
            <th>Joined</th>
            <th>Superuser</th>
            <th>Active</th>
          </tr>
        </thead>
        <tbody>
          {users.data.map((u) => (
            <tr key={u.id} className={u.isActive ? undefined : 'inactive'}>
              <td>
                <div>{u.email}</div>
                {u.name && u.name !== u.email && <div className="muted small">{u.name}</div>}
              </td>
              <td>
                <RelativeTime date={u.dateJoined} />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Superuser: ${u.email}`}
                  checked={u.isSuperuser}
                  disabled={update.isPending || u.id === me.data?.id}
                  onChange={(e) => update.mutate({ id: u.id, isSuperuser: e.target.checked })}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Active: ${u.email}`}
                  checked={u.isActive}
                  disabled={update.isPending || u.id === me.data?.id}
                  onChange={(e) => update.mutate({ id: u.id, isActive: e.target.checked })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormError error={update.error} />
      <section className="card">
        <h2>Create a user</h2>
        <form className="form form-row" onSubmit={submit}>
          <label>
            Email
            <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            Password
            <input
              type="password"
              required
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={isSuperuser} onChange={(e) => setSuperuser(e.target.checked)} />{' '}
            Superuser
          </label>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            Create user
          </button>
        </form>
        <FormError error={create.error} />
      </section>
    </div>
  );
}
