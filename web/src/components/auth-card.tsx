import type { ReactNode } from 'react';

/** The centred card the signed-out pages (login, first-start setup) sit in. */
export function AuthCard({
  title,
  lead,
  children,
}: {
  title: string;
  lead?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="auth-page">
      <div className="auth-card">
        <div className="brand brand-large">
          <svg viewBox="0 0 16 16" width="22" height="22" aria-hidden="true">
            <path d="M1 13 6 3l3 6 2-3 4 7z" fill="currentColor" />
          </svg>
          Faultline
        </div>
        <h1>{title}</h1>
        {lead && <p className="lead">{lead}</p>}
        {children}
      </div>
    </div>
  );
}
