/** A row of headline numbers (label over value), each with an explanation on hover. */
export function PerfNumbers({ items }: { items: Array<{ label: string; value: string; title?: string }> }) {
  return (
    <dl className="perf-numbers" data-testid="perf-numbers">
      {items.map((item) => (
        <div key={item.label} title={item.title}>
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
