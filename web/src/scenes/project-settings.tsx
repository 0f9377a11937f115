import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmButton } from '../components/confirm-button';
import { ErrorState, FormError, Loading } from '../components/page-state';
import { ClientKeys } from '../components/settings/client-keys';
import { ProjectApdex } from '../components/settings/project-apdex';
import { ProjectGeneral } from '../components/settings/project-general';
import { seg } from '../lib/api';
import { useDeleteProject } from '../lib/mutations';
import { useMembers, useProject } from '../lib/queries';
import { useTitle } from '../lib/use-title';

/** `/settings/:org/projects/:project/`: client keys, name and platform, who has access, apdex threshold. */
export function ProjectSettings() {
  const { org, project: slug } = useParams() as { org: string; project: string };
  useTitle('Settings', slug);
  const project = useProject(org, slug);
  const members = useMembers(org);
  const navigate = useNavigate();
  const remove = useDeleteProject(org, slug);
  if (project.isPending) return <Loading />;
  if (project.isError) return <ErrorState error={project.error} what="project" />;
  const p = project.data;
  return (
    <div className="page">
      <header className="page-head">
        <h1>
          <span className="muted">Project settings /</span> {p.slug}
        </h1>
        <Link to={`/organizations/${seg(org)}/projects/${seg(p.slug)}/getting-started/`}>Setup guide</Link>
      </header>
      <section className="card">
        <h2>Client keys (DSN)</h2>
        <ClientKeys org={org} project={p.slug} />
      </section>
      <div className="two-col">
        <section className="card">
          <h2>General</h2>
          <ProjectGeneral key={p.slug} org={org} project={p} />
        </section>
        <section className="card">
          <h2>Members and teams</h2>
          <p>
            Owned by team <strong>{p.team?.name ?? 'none'}</strong>. Every member of the organization can see
            its issues; owners and managers can change its settings.
          </p>
          {members.data && (
            <ul className="member-mini">
              {members.data.slice(0, 8).map((m) => (
                <li key={m.id}>
                  <span>{m.name || m.email}</span> <span className="pill">{m.role}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="row-gap">
            <Link to={`/settings/${seg(org)}/members/`}>Manage members</Link>
            <Link to={`/settings/${seg(org)}/teams/`}>Manage teams</Link>
          </p>
        </section>
      </div>
      <section className="card">
        <h2>Performance</h2>
        <ProjectApdex key={p.slug} org={org} project={p} />
      </section>
      <section className="card danger-zone">
        <h2>Delete project</h2>
        <p className="muted">Deletes the project, its keys, issues and events. There is no undo.</p>
        <ConfirmButton
          label="Delete project"
          confirmLabel="Really delete?"
          onConfirm={() =>
            remove.mutate(undefined, {
              onSuccess: () => void navigate(`/organizations/${seg(org)}/projects/`),
            })
          }
        />
        <FormError error={remove.error} />
      </section>
    </div>
  );
}
