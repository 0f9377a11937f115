import type { PerfParams } from '../../lib/perf-params';
import { PeriodSelect, ProjectSelect } from '../filter-selects';
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
      <ProjectSelect
        value={params.project}
        projects={projects}
        onChange={(project) => onChange({ project })}
      />
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
      <PeriodSelect value={params.statsPeriod} onChange={(statsPeriod) => onChange({ statsPeriod })} />
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
