import { NavLink, useNavigate } from 'react-router';
import { seg } from '../../lib/api';
import { useOrganizations } from '../../lib/queries';
import { useLogout } from '../../lib/session';
import type { User } from '../../lib/types';

/** The left navigation: organization switcher, the organization's pages, the account's pages. */
export function Sidebar({ org, me }: { org: string | null; me: User }) {
  const orgs = useOrganizations();
  const navigate = useNavigate();
  const logout = useLogout();
  const o = org ? seg(org) : null;
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <svg viewBox="0 0 16 16" width="18" height="18" aria-hidden="true">
          <path d="M1 13 6 3l3 6 2-3 4 7z" fill="currentColor" />
        </svg>
        Faultline
      </div>
      {orgs.data && orgs.data.length > 0 && (
        <label className="org-switcher">
          <span className="sr-only">Organization</span>
          <select
            value={org ?? ''}
            onChange={(e) => {
              if (e.target.value === '__new') void navigate('/organizations/new/');
              else void navigate(`/organizations/${seg(e.target.value)}/issues/`);
            }}
          >
            {orgs.data.map((x) => (
              <option key={x.slug} value={x.slug}>
                {x.name}
              </option>
            ))}
            <option value="__new">+ New organization…</option>
          </select>
        </label>
      )}
      {o && (
        <div className="nav-group">
          <NavLink to={`/organizations/${o}/issues/`}>Issues</NavLink>
          <NavLink to={`/organizations/${o}/performance/`}>Performance</NavLink>
          <NavLink to={`/organizations/${o}/replays/`}>Replays</NavLink>
          <NavLink to={`/organizations/${o}/projects/`} end>
            Projects
          </NavLink>
          <NavLink to={`/organizations/${o}/projects/new/`}>New project</NavLink>
        </div>
      )}
      {o && (
        <div className="nav-group">
          <div className="nav-heading">Organization</div>
          <NavLink to={`/settings/${o}/members/`}>Members</NavLink>
          <NavLink to={`/settings/${o}/teams/`}>Teams</NavLink>
        </div>
      )}
      <div className="nav-group">
        <div className="nav-heading">Account</div>
        <NavLink to="/settings/account/api/auth-tokens/">API tokens</NavLink>
        {me.isSuperuser && <NavLink to="/manage/users/">Users (admin)</NavLink>}
      </div>
      <div className="sidebar-foot">
        <div className="whoami" title={me.email}>
          {me.name || me.email}
        </div>
        <button
          type="button"
          className="btn-link"
          onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login') })}
        >
          Sign out
        </button>
      </div>
    </nav>
  );
}
