import { PERF_PERIODS, type PerfParams } from '../../lib/perf-params';
import type { Project } from '../../lib/types';
import { TextFilter } from '../stream/text-filter';

/**
 * The performance filter row: project, environment, release and period (all in the page URL), and with a
 * project chosen, that project's apdex threshold T.
 */
export function PerfFilters({
  params,
  projects,
  onChange,
  apdex,
}: {
  params: PerfParams;
  projects: Project[];
  onChange: (patch: Partial<PerfParams>) => void;
  apdex?: { value: number; onChange: (ms: number) => void; error?: Error | null };
}) {
  return (
    <div className="filters">
      <label className="filter">
        <span>Project</span>
        <select value={params.project} onChange={(e) => onChange({ project: e.target.value })}>
          <option value="">All projects</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.slug}
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
        key={`release:${params.release}`}
        label="Release"
        value={params.release}
        placeholder="any"
        onApply={(release) => onChange({ release })}
      />
      <label className="filter">
        <span>Period</span>
        <select value={params.statsPeriod} onChange={(e) => onChange({ statsPeriod: e.target.value })}>
          {PERF_PERIODS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {apdex && (
        <TextFilter
          key={`apdex:${apdex.value}`}
          label="Apdex T (ms)"
          value={String(apdex.value)}
          placeholder="300"
          onApply={(text) => apdex.onChange(Number(text) || 0)}
        />
      )}
      {apdex?.error && (
        <span className="error" role="alert">
          {apdex.error.message}
        </span>
      )}
    </div>
  );
}
