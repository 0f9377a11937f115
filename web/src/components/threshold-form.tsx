import { useState, type FormEvent, type ReactNode } from 'react';
import { THRESHOLD_METRICS, type Threshold, type ThresholdMetric } from '../../../src/perf/thresholds';
import { METRIC_LABELS } from '../lib/transaction-threshold';
import { FormError } from './page-state';

/**
 * A threshold T and the value it applies to, with Save; `children` are further actions (reset). The
 * server checks the value again (whole ms up to a minute) and its refusal shows as the form's error.
 */
export function ThresholdForm({
  initial,
  thresholdLabel,
  metricLabel,
  onSave,
  pending,
  error,
  saved,
  children,
}: {
  initial: Threshold;
  thresholdLabel: string;
  metricLabel: string;
  onSave: (threshold: Threshold) => void;
  pending: boolean;
  error: unknown;
  saved: boolean;
  children?: ReactNode;
}) {
  const [ms, setMs] = useState(String(initial.ms));
  const [metric, setMetric] = useState<ThresholdMetric>(initial.metric);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave({ ms: Number(ms), metric });
  };
  return (
    <form className="form threshold-form" onSubmit={submit}>
      <div className="form form-row">
        <label>
          {thresholdLabel}
          <input
            name="threshold"
            type="number"
            required
            min={1}
            max={60000}
            step={1}
            value={ms}
            onChange={(e) => setMs(e.target.value)}
          />
        </label>
        <label>
          {metricLabel}
          <select name="metric" value={metric} onChange={(e) => setMetric(e.target.value as ThresholdMetric)}>
            {THRESHOLD_METRICS.map((m) => (
              <option key={m} value={m}>
                {METRIC_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FormError error={error} />
      <div className="row-gap">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          Save
        </button>
        {children}
        {saved && <span className="muted">Saved.</span>}
      </div>
    </form>
  );
}
