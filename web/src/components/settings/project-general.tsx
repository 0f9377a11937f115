import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { seg } from '../../lib/api';
import { useUpdateProject } from '../../lib/mutations';
import { PLATFORMS } from '../../lib/platforms';
import type { Project } from '../../lib/types';
import { FormError } from '../page-state';

/** Name, URL name and platform of a project. */
export function ProjectGeneral({ org, project }: { org: string; project: Project }) {
  const update = useUpdateProject(org, project.slug);
  const navigate = useNavigate();
  const [name, setName] = useState(project.name);
  const [slug, setSlug] = useState(project.slug);
  const [platform, setPlatform] = useState(project.platform ?? 'other');
  const known = PLATFORMS.some((p) => p.id === platform);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(
      { name, slug, platform },
      {
        onSuccess: (saved) => {
          if (saved.slug !== project.slug)
            void navigate(`/settings/${seg(org)}/projects/${seg(saved.slug)}/`, { replace: true });
        },
      },
    );
  };
  return (
    <form className="form" onSubmit={submit}>
      <label>
        Name
        <input name="name" required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        URL name
        <input
          name="slug"
          required
          pattern="[a-z0-9_-]+"
          value={slug}
          onChange={(e) => setSlug(e.target.value)}
        />
      </label>
      <label>
        Platform
        <select name="platform" value={platform} onChange={(e) => setPlatform(e.target.value)}>
          {!known && <option value={platform}>{platform}</option>}
          {PLATFORMS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <FormError error={update.error} />
      <div className="row-gap">
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>
          Save
        </button>
        {update.isSuccess && <span className="muted">Saved.</span>}
      </div>
    </form>
  );
}
