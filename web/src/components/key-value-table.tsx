import { displayValue } from '../lib/event-data';

/** Rows of name and value, values shown as text (strings as-is, anything else as JSON). */
export function KeyValueTable({ rows }: { rows: Array<[string, unknown]> }) {
  if (rows.length === 0) return <p className="muted">Nothing recorded.</p>;
  return (
    <table className="kv">
      <tbody>
        {rows.map(([key, value], i) => (
          <tr key={`${key}-${i}`}>
            <th scope="row">{key}</th>
            <td>
              <pre className="kv-value">{displayValue(value)}</pre>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
