import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { ConfirmButton } from '../components/confirm-button';
import { ErrorState, FormError, Loading } from '../components/page-state';
import { RelativeTime } from '../components/relative-time';
import { useMemberMutations } from '../lib/mutations';
import { useMembers } from '../lib/queries';
import type { Role } from '../lib/types';

const ROLES: Role[] = ['member', 'manager', 'owner'];

/** `/settings/:org/members/`: who belongs to the organization, with which role. */
export function Members() {
  const org = useParams().org!;
  const members = useMembers(org);
  const { add, setRole, remove } = useMemberMutations(org);
  const [email, setEmail] = useState('');
  const [role, setNewRole] = useState<Role>('member');
  const [password, setPassword] = useState('');

  if (members.isPending) return <Loading />;
  if (members.isError) return <ErrorState error={members.error} what="organization" />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(
      { email, role, ...(password ? { password } : {}) },
      {
        onSuccess: () => {
          setEmail('');
          setPassword('');
        },
      },
    );
  };
  return (
    <div className="page">
      <header className="page-head">
        <h1>Members</h1>
      </header>
      <p className="lead">
        Owners manage everything; managers manage projects, keys and members; members see issues and change
        their status.
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>Member</th>
            <th>Role</th>
            <th>Joined</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {members.data.map((m) => (
            <tr key={m.id}>
              <td>
                <div>{m.name || m.email}</div>
                {m.name && m.name !== m.email && <div className="muted small">{m.email}</div>}
              </td>
              <td>
                <select
                  aria-label={`Role of ${m.email}`}
                  value={m.role}
                  disabled={setRole.isPending}
                  onChange={(e) => setRole.mutate({ id: m.id, role: e.target.value as Role })}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <RelativeTime date={m.dateCreated} />
              </td>
              <td className="actions">
                <ConfirmButton
                  label="Remove"
                  confirmLabel="Remove member?"
                  onConfirm={() => remove.mutate(m.id)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormError error={setRole.error ?? remove.error} />
      <section className="card">
        <h2>Add a member</h2>
        <form className="form form-row" onSubmit={submit}>
          <label>
            Email
            <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            Role
            <select value={role} onChange={(e) => setNewRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>
              Password <span className="muted">(for a new account)</span>
            </span>
            <input
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <button type="submit" className="btn btn-primary" disabled={add.isPending}>
            Add member
          </button>
        </form>
        <FormError error={add.error} />
      </section>
    </div>
  );
}
