import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { PlatformPicker } from '../components/platform-picker';
import { ErrorState, FormError, Loading } from '../components/page-state';
import { seg } from '../lib/api';
import { useCreateProject } from '../lib/mutations';
import { useTeams } from '../lib/queries';
import { slugify } from '../lib/slug';

/** `/organizations/:org/projects/new/`: pick a platform, name the project, go get the DSN. */
export function NewProject() {
  const org = useParams().org!;
  const teams = useTeams(org);
  const create = useCreateProject(org);
  const navigate = useNavigate();
  const [platform, setPlatform] = useState('javascript');
  const [name, setName] = useState('');
  const [team, setTeam] = useState('');

  if (teams.isPending) return <Loading />;
  if (teams.isError) return <ErrorState error={teams.error} what="organization" />;
  const chosenTeam = team || teams.data[0]?.slug || '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { team: chosenTeam, name, slug: slugify(name), platform },
      {
        onSuccess: (project) =>
          void navigate(`/organizations/${seg(org)}/projects/${seg(project.slug)}/getting-started/`),
      },
    );
  };
  return (
    <div className="page page-narrow">
      <header className="page-head">
        <h1>Create a project</h1>
      </header>
      <form className="form" onSubmit={submit}>
        <fieldset className="card">
          <legend>1. Choose a platform</legend>
          <PlatformPicker value={platform} onChange={setPlatform} />
        </fieldset>
        <fieldset className="card">
          <legend>2. Name it</legend>
          <label>
            Project name
            <input
              name="name"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="frontend"
            />
          </label>
          {name && <p className="muted small">URL name: {slugify(name) || '—'}</p>}
          {teams.data.length > 1 && (
            <label>
              Team
              <select value={chosenTeam} onChange={(e) => setTeam(e.target.value)}>
                {teams.data.map((t) => (
                  <option key={t.slug} value={t.slug}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </fieldset>
        <FormError error={create.error} />
        {teams.data.length === 0 && (
          <p className="form-error">This organization has no team to own the project.</p>
        )}
        <button
          type="submit"
          className="btn btn-primary"
          disabled={create.isPending || !name.trim() || !chosenTeam}
        >
          Create project
        </button>
      </form>
    </div>
  );
}
