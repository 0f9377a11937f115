import { absoluteTime, compactAge, compactAgo, relativeTime } from '../lib/time';
import { useNow } from '../lib/use-now';

const FORMATS = {
  long: (iso: string, now: number) => relativeTime(iso, now),
  ago: compactAgo,
  age: compactAge,
};

/**
 * A relative time with the exact time on hover: "5 minutes ago" (`long`), "5m ago" (`ago`, for dense
 * columns), or "2w old" (`age`, how long something has existed).
 */
export function RelativeTime({
  date,
  format = 'long',
}: {
  date: string | null | undefined;
  format?: keyof typeof FORMATS;
}) {
  const now = useNow();
  if (!date) return <span className="muted">—</span>;
  return (
    <time dateTime={date} title={absoluteTime(date)}>
      {FORMATS[format](date, now)}
    </time>
  );
}
