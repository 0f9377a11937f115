import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { ErrorState, FormError, Loading } from '../components/page-state';
import { useCreateTeam } from '../lib/mutations';
import { useProjects, useTeams } from '../lib/queries';
import { slugify } from '../lib/slug';

/** `/settings/:org/teams/`: the organization's teams and the projects each owns. */
export function Teams() {
  const org = useParams().org!;
  const teams = useTeams(org);
  const projects = useProjects(org);
  const create = useCreateTeam(org);
  const [name, setName] = useState('');
  if (teams.isPending) return <Loading />;
  if (teams.isError) return <ErrorState error={teams.error} what="organization" />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, slug: slugify(name) }, { onSuccess: () => setName('') });
  };
  return (
    <div className="page">
      <header className="page-head">
        <h1>Teams</h1>
      </header>
      <table className="table">
        <thead>
          <tr>
            <th>Team</th>
            <th>Projects</th>
          </tr>
        </thead>
        <tbody>
          {teams.data.map((t) => (
            <tr key={t.id}>
              <td>
                <div>{t.name}</div>
                <div className="muted small">#{t.slug}</div>
              </td>
              <td>
                {(projects.data ?? [])
                  .filter((p) => p.team?.slug === t.slug)
                  .map((p) => p.slug)
                  .join(', ') || <span className="muted">none</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="card">
        <h2>Create a team</h2>
        <form className="inline-form" onSubmit={submit}>
          <input
            aria-label="Team name"
            required
            placeholder="Team name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            Create team
          </button>
        </form>
        <FormError error={create.error} />
      </section>
    </div>
  );
}
