const KNOWN = new Set(['fatal', 'error', 'warning', 'info', 'debug']);

/** The event level as a coloured marker; unknown levels (SDKs send anything) render neutral. */
export function LevelBadge({ level, withText = false }: { level: string; withText?: boolean }) {
  const cls = KNOWN.has(level) ? level : 'unknown';
  return (
    <span className={`level level-${cls}`} title={`Level: ${level}`}>
      {withText ? level : null}
    </span>
  );
}
