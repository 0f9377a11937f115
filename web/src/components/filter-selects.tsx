import { PERF_PERIODS } from '../lib/perf-params';
import type { Project } from '../lib/types';

/** The project filter of a list page: one project by id, or all ('' ). */
export function ProjectSelect({
  value,
  projects,
  onChange,
}: {
  value: string;
  projects: Project[];
  onChange: (project: string) => void;
}) {
  return (
    <label className="filter">
      <span>Project</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All projects</option>
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.slug}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The period filter: Sentry's `statsPeriod` values the pages offer. */
export function PeriodSelect({ value, onChange }: { value: string; onChange: (period: string) => void }) {
  return (
    <label className="filter">
      <span>Period</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {PERF_PERIODS.map(([period, label]) => (
          <option key={period} value={period}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
