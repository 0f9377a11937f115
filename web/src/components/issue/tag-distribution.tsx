import { shortCount } from '../../lib/time';
import type { TagSummary } from '../../lib/types';

/** Each tag's most common values as proportion bars, Sentry's "tags" sidebar. */
export function TagDistribution({ tags }: { tags: TagSummary[] }) {
  if (tags.length === 0) return <p className="muted">No tags.</p>;
  return (
    <div className="tag-dist">
      {tags.map((tag) => (
        <div className="tag-dist-item" key={tag.key}>
          <div className="tag-dist-key">
            <span>{tag.key}</span>
            <span className="muted">
              {tag.uniqueValues} {tag.uniqueValues === 1 ? 'value' : 'values'}
            </span>
          </div>
          <ul>
            {tag.topValues.slice(0, 4).map((v) => {
              const share = tag.totalValues > 0 ? Math.round((v.count / tag.totalValues) * 100) : 0;
              return (
                <li key={v.value} title={`${v.count} of ${tag.totalValues}`}>
                  {/* An SVG attribute, not a style attribute: the server's CSP may forbid inline styles. */}
                  <svg className="tag-dist-bar" aria-hidden="true" preserveAspectRatio="none">
                    <rect width={`${share}%`} height="100%" />
                  </svg>
                  <span className="tag-dist-value">{v.value}</span>
                  <span className="tag-dist-share">{share}%</span>
                </li>
              );
            })}
          </ul>
          {tag.topValues.length === 0 && <span className="muted">{shortCount(tag.totalValues)} values</span>}
        </div>
      ))}
    </div>
  );
}
