/** Previous/next buttons over the API's cursors. */
export function Pagination({
  previous,
  next,
  onCursor,
}: {
  previous: string | null;
  next: string | null;
  onCursor: (cursor: string) => void;
}) {
  if (!previous && !next) return null;
  return (
    <div className="pagination">
      <button
        type="button"
        className="btn btn-small"
        disabled={!previous}
        onClick={() => previous !== null && onCursor(previous)}
      >
        ← Previous
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={!next}
        onClick={() => next !== null && onCursor(next)}
      >
        Next →
      </button>
    </div>
  );
}
