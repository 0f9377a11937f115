import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { CodeBlock } from '../components/code-block';
import { CopyButton } from '../components/copy-button';
import { FirstEventStatus } from '../components/first-event-status';
import { ErrorState, Loading } from '../components/page-state';
import { seg } from '../lib/api';
import { platformById, setupSteps, type Platform } from '../lib/platforms';
import { useProject, useProjectKeys } from '../lib/queries';
import { useTitle } from '../lib/use-title';

const GUIDES: Array<[Platform['sdk'], string]> = [
  ['browser', 'Browser JavaScript'],
  ['node', 'Node.js'],
  ['python', 'Python'],
];

/** `/organizations/:org/projects/:project/getting-started/`: the DSN, the setup snippet, the first event. */
export function GettingStarted() {
  const { org, project: slug } = useParams() as { org: string; project: string };
  useTitle('Set up', slug);
  const project = useProject(org, slug, { untilFirstEvent: true });
  const keys = useProjectKeys(org, slug);
  const [guide, setGuide] = useState<Platform['sdk'] | null>(null);

  if (project.isPending || keys.isPending) return <Loading />;
  if (project.isError) return <ErrorState error={project.error} what="project" />;
  if (keys.isError) return <ErrorState error={keys.error} what="project" />;
  const platform = platformById(project.data.platform);
  const sdk = guide ?? (platform.sdk === 'other' ? 'browser' : platform.sdk);
  const dsn = keys.data.find((k) => k.isActive)?.dsn.public ?? null;
  const issuesUrl = `/organizations/${seg(org)}/issues/?project=${encodeURIComponent(project.data.id)}&query=`;

  return (
    <div className="page page-narrow">
      <header className="page-head">
        <h1>Set up {project.data.name}</h1>
        <Link to={`/settings/${seg(org)}/projects/${seg(slug)}/`}>Project settings</Link>
      </header>
      <section className="card">
        <h2>Your DSN</h2>
        <p className="muted">
          The SDK sends events to this address. It is not a secret: it only allows sending.
        </p>
        {dsn ? (
          <div className="dsn-row">
            <code className="dsn" data-testid="dsn">
              {dsn}
            </code>
            <CopyButton text={dsn} />
          </div>
        ) : (
          <p className="form-error">
            This project has no active client key. Enable one in the project settings.
          </p>
        )}
      </section>
      <FirstEventStatus firstEvent={project.data.firstEvent} issuesUrl={issuesUrl} />
      <section className="card">
        <div className="tabs" role="tablist">
          {GUIDES.map(([id, label]) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={sdk === id}
              className={sdk === id ? 'tab active' : 'tab'}
              onClick={() => setGuide(id)}
            >
              {label}
            </button>
          ))}
        </div>
        {setupSteps(sdk, dsn ?? '<your DSN>').map((step, i) => (
          <div className="step" key={`${sdk}-${i}`}>
            <h3>
              {i + 1}. {step.title}
            </h3>
            <CodeBlock code={step.code} language={step.language} />
          </div>
        ))}
      </section>
    </div>
  );
}
