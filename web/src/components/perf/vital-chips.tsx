import { formatVital } from '../../lib/perf-format';
import { vitalRating } from '../../lib/web-vitals';

/** Measurements of one transaction as chips, web vitals coloured by their rating. */
export function VitalChips({ measurements }: { measurements: Record<string, number> }) {
  const entries = Object.entries(measurements).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <ul className="tag-chips vital-chips" data-testid="measurements">
      {entries.map(([name, value]) => {
        const rating = vitalRating(name, value);
        return (
          <li key={name} className={rating ? `rating-chip-${rating}` : undefined}>
            <span className="tag-key">{rating ? name.toUpperCase() : name}</span>
            <span className="tag-value">{formatVital(name, value)}</span>
          </li>
        );
      })}
    </ul>
  );
}
