import { getToken, setToken } from '../../lib/search-query';
import { PERIODS, type StreamParams } from '../../lib/stream-params';
import type { Project } from '../../lib/types';
import { TextFilter } from './text-filter';
import { ProjectSelect } from '../filter-selects';

const STATUSES: Array<[string, string]> = [
  ['unresolved', 'Unresolved'],
  ['resolved', 'Resolved'],
  ['ignored', 'Ignored'],
  ['', 'Any status'],
];
const LEVELS = ['', 'fatal', 'error', 'warning', 'info', 'debug'];

/**
 * The filter row. Status, level and release edit tokens of the search text (so the box stays the one
 * source of truth); project, environment and period are parameters of their own, as in Sentry (sort sits on the list).
 */
export function StreamFilters({
  params,
  projects,
  onChange,
}: {
  params: StreamParams;
  projects: Project[];
  onChange: (patch: Partial<StreamParams>) => void;
}) {
  const q = params.query;
  const setQ = (key: string, value: string | null) => onChange({ query: setToken(q, key, value) });
  return (
    <div className="filters">
      <ProjectSelect
        value={params.project}
        projects={projects}
        onChange={(project) => onChange({ project })}
      />
      <label className="filter">
        <span>Status</span>
        <select value={getToken(q, 'is') ?? ''} onChange={(e) => setQ('is', e.target.value || null)}>
          {STATUSES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Level</span>
        <select value={getToken(q, 'level') ?? ''} onChange={(e) => setQ('level', e.target.value || null)}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {l || 'Any level'}
            </option>
          ))}
        </select>
      </label>
      <TextFilter
        key={`env:${params.environment}`}
        label="Environment"
        value={params.environment}
        placeholder="any"
        onApply={(environment) => onChange({ environment })}
      />
      <TextFilter
        key={`release:${getToken(q, 'release') ?? ''}`}
        label="Release"
        value={getToken(q, 'release') ?? ''}
        placeholder="any"
        onApply={(release) => setQ('release', release || null)}
      />
      <label className="filter">
        <span>Period</span>
        <select value={params.statsPeriod} onChange={(e) => onChange({ statsPeriod: e.target.value })}>
          {PERIODS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
