import { useState } from 'react';
import { displayValue, type Breadcrumb } from '../../lib/event-data';
import { clockTime } from '../../lib/time';
import { Section } from './section';

/** How many of the latest breadcrumbs show before "show all". */
const SHOWN = 30;

function crumbText(b: Breadcrumb): string {
  if (b.message) return b.message;
  if (!b.data) return '';
  // Navigation and HTTP crumbs carry their story in `data` (from/to, method/url/status).
  const d = b.data;
  if (b.category === 'navigation') return `${displayValue(d.from)} → ${displayValue(d.to)}`;
  if (d.url !== undefined) {
    return [d.method, d.url, d.status_code]
      .filter((x) => x !== undefined)
      .map(displayValue)
      .join(' ');
  }
  return '';
}

/** The breadcrumbs as a timeline, oldest at the top and the error at the bottom. */
export function BreadcrumbsSection({ crumbs }: { crumbs: Breadcrumb[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? crumbs : crumbs.slice(-SHOWN);
  return (
    <Section
      title={`Breadcrumbs (${crumbs.length})`}
      testId="breadcrumbs"
      actions={
        crumbs.length > SHOWN && !all ? (
          <button type="button" className="btn btn-small" onClick={() => setAll(true)}>
            Show all {crumbs.length}
          </button>
        ) : undefined
      }
    >
      <ol className="timeline">
        {shown.map((b, i) => {
          const text = crumbText(b);
          const extra = b.data && !b.message ? null : b.data;
          return (
            <li key={i} className={`crumb crumb-${b.level}`}>
              <span className="crumb-dot" aria-hidden="true" />
              <span className="crumb-category">{b.category || b.type}</span>
              <div className="crumb-body">
                {text && <span className="crumb-message">{text}</span>}
                {extra && Object.keys(extra).length > 0 && (
                  <pre className="crumb-data">{displayValue(extra)}</pre>
                )}
              </div>
              <span className="crumb-level">{b.level}</span>
              <time className="crumb-time">{clockTime(b.timestamp)}</time>
            </li>
          );
        })}
      </ol>
    </Section>
  );
}
