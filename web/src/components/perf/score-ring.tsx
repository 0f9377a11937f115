import { scoreRating } from '../../lib/web-vitals';

/** The performance score (0–100) as a ring filled to the score, coloured by its rating. */
export function ScoreRing({ score, size = 64 }: { score: number | null; size?: number }) {
  const r = 26;
  const circumference = 2 * Math.PI * r;
  const rating = score === null ? 'none' : scoreRating(score);
  const filled = score === null ? 0 : (Math.max(0, Math.min(100, score)) / 100) * circumference;
  return (
    <svg
      className={`score-ring score-${rating}`}
      viewBox="0 0 64 64"
      width={size}
      height={size}
      role="img"
      aria-label={score === null ? 'No performance score' : `Performance score ${Math.round(score)}`}
    >
      <circle className="score-track" cx="32" cy="32" r={r} />
      <circle
        className="score-fill"
        cx="32"
        cy="32"
        r={r}
        strokeDasharray={`${filled} ${circumference}`}
        transform="rotate(-90 32 32)"
      />
      <text x="32" y="37" textAnchor="middle">
        {score === null ? '—' : Math.round(score)}
      </text>
    </svg>
  );
}
