import { Link, useParams } from 'react-router';
import { ErrorState, Loading } from '../components/page-state';
import { RelativeTime } from '../components/relative-time';
import { seg } from '../lib/api';
import { platformById } from '../lib/platforms';
import { useProjects } from '../lib/queries';

/** `/organizations/:org/projects/`: the organization's projects, with their setup state. */
export function Projects() {
  const org = useParams().org!;
  const projects = useProjects(org);
  if (projects.isPending) return <Loading />;
  if (projects.isError) return <ErrorState error={projects.error} what="organization" />;
  return (
    <div className="page">
      <header className="page-head">
        <h1>Projects</h1>
        <Link className="btn btn-primary" to={`/organizations/${seg(org)}/projects/new/`}>
          New project
        </Link>
      </header>
      {projects.data.length === 0 ? (
        <div className="empty">No projects yet.</div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Project</th>
              <th>Platform</th>
              <th>Team</th>
              <th>First event</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {projects.data.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/organizations/${seg(org)}/issues/?project=${encodeURIComponent(p.id)}`}>
                    {p.slug}
                  </Link>
                </td>
                <td>{platformById(p.platform).name}</td>
                <td>{p.team?.slug ?? '—'}</td>
                <td>
                  {p.firstEvent ? (
                    <RelativeTime date={p.firstEvent} />
                  ) : (
                    <Link to={`/organizations/${seg(org)}/projects/${seg(p.slug)}/getting-started/`}>
                      Waiting — set up
                    </Link>
                  )}
                </td>
                <td className="actions">
                  <Link to={`/settings/${seg(org)}/projects/${seg(p.slug)}/`}>Settings</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
