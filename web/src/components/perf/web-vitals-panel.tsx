import { Link } from 'react-router';
import { seg } from '../../lib/api';
import { cellNumber, formatVital } from '../../lib/perf-format';
import type { DiscoverValue } from '../../lib/perf-types';
import { VITALS, loadsOf, pageScore, ratingShares, scoreRating, vitalRating } from '../../lib/web-vitals';
import { RatingBar } from './rating-bar';
import { ScoreRing } from './score-ring';

type Row = Record<string, DiscoverValue>;

/**
 * Web vitals per page of the browser projects: each vital's p75 coloured by its rating with the
 * good/meh/poor shares of the page loads under it, and each page's performance score.
 */
export function WebVitalsPanel({
  org,
  pages,
  loads,
  interactions,
  overall,
  detailQuery,
}: {
  org: string;
  /** Aggregate rows per page (p75 of each vital, count). */
  pages: Row[];
  /** Raw page loads with their measurements (the latest, for the shares). */
  loads: Row[];
  /** Raw INP interactions (the latest, for the INP shares): INP is not a page-load measurement. */
  interactions: Row[];
  /** One aggregate row over every page, for the headline score. */
  overall: Row | null;
  detailQuery: (row: Row) => string;
}) {
  const total = overall ? pageScore(overall).total : null;
  return (
    <section className="card web-vitals" data-testid="web-vitals">
      <header className="web-vitals-head">
        <ScoreRing score={total} />
        <div>
          <h2>
            Web vitals{' '}
            {total !== null && (
              <span className={`pill rating-pill rating-pill-${scoreRating(total)}`}>
                {scoreRating(total)}
              </span>
            )}
          </h2>
          <p className="muted small">
            Page loads of browser projects: each vital&apos;s p75 per page, and under it the shares rated
            good, meh and poor among the latest {loads.length} loads (INP: among the latest{' '}
            {interactions.length} interactions). The score weighs the vitals that were measured.
          </p>
        </div>
      </header>
      {pages.length === 0 ? (
        <p className="muted">No page loads in this period.</p>
      ) : (
        <table className="table perf-table vitals-table">
          <thead>
            <tr>
              <th>Page</th>
              <th className="num">Score</th>
              {VITALS.map((v) => (
                <th key={v.name} className="num" title={`${v.title} (p75)`}>
                  {v.label}
                </th>
              ))}
              <th className="num">Loads</th>
            </tr>
          </thead>
          <tbody>
            {pages.map((row, i) => {
              const name = String(row.transaction ?? '');
              const score = pageScore(row).total;
              const mine = loadsOf(loads, row);
              const clicks = loadsOf(interactions, row);
              return (
                <tr key={`${name}-${i}`}>
                  <td className="perf-name">
                    <Link to={`/organizations/${seg(org)}/performance/summary/?${detailQuery(row)}`}>
                      {name || '(no name)'}
                    </Link>
                  </td>
                  <td className="num">
                    {score === null ? (
                      '—'
                    ) : (
                      <span className={`pill rating-pill rating-pill-${scoreRating(score)}`}>
                        {Math.round(score)}
                      </span>
                    )}
                  </td>
                  {VITALS.map((v) => {
                    const p75 = cellNumber(row[`p75(measurements.${v.name})`]);
                    const rating = p75 === null ? null : vitalRating(v.name, p75);
                    return (
                      <td key={v.name} className="num vital-cell">
                        <span className={rating ? `vital-value rating-text-${rating}` : 'vital-value muted'}>
                          {formatVital(v.name, p75)}
                        </span>
                        <RatingBar shares={ratingShares(v.name === 'inp' ? clicks : mine, v.name)} />
                      </td>
                    );
                  })}
                  <td className="num">{String(row['count()'] ?? 0)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
