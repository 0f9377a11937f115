import { Link } from 'react-router';
import { errorText, isNotFound } from '../lib/api';

/** A quiet placeholder while the first answer loads. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div className="page-state" role="status">
      <span className="spinner" aria-hidden="true" /> {what}…
    </div>
  );
}

/** The page for a URL that names nothing this user may see: same words whether it exists or not. */
export function NotFound({ what = 'page' }: { what?: string }) {
  return (
    <div className="page-state not-found" data-testid="not-found">
      <h1>Not found</h1>
      <p>This {what} does not exist, or you do not have access to it.</p>
      <Link to="/">Go to your issues</Link>
    </div>
  );
}

/** An error from a request: 404s get the not-found page, the rest say what failed. */
export function ErrorState({ error, what }: { error: unknown; what?: string }) {
  if (isNotFound(error)) return <NotFound what={what} />;
  return (
    <div className="page-state error" role="alert">
      <strong>Could not load this {what ?? 'page'}.</strong> {errorText(error)}
    </div>
  );
}

/** A form's error line. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {errorText(error)}
    </p>
  );
}
