import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../components/page-state';
import { seg } from '../lib/api';
import { rememberOrg } from '../lib/current-org';
import { useCreateOrganization } from '../lib/mutations';
import { slugify } from '../lib/slug';

/** `/organizations/new/`: the first step of onboarding. */
export function NewOrganization() {
  const create = useCreateOrganization();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const effectiveSlug = slug || slugify(name);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, slug: effectiveSlug },
      {
        onSuccess: (org) => {
          rememberOrg(org.slug);
          void navigate(`/organizations/${seg(org.slug)}/projects/new/`);
        },
      },
    );
  };
  return (
    <div className="page page-narrow">
      <header className="page-head">
        <h1>Create an organization</h1>
      </header>
      <p className="lead">
        An organization holds your projects, teams and members. You become its owner; a team with the same
        name is created for you.
      </p>
      <form className="form card" onSubmit={submit}>
        <label>
          Name
          <input
            name="name"
            required
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Acme"
          />
        </label>
        <label>
          URL name
          <input
            name="slug"
            value={effectiveSlug}
            onChange={(e) => setSlug(slugify(e.target.value))}
            pattern="[a-z0-9_-]+"
            placeholder="acme"
          />
        </label>
        <FormError error={create.error} />
        <button type="submit" className="btn btn-primary" disabled={create.isPending || !name.trim()}>
          Create organization
        </button>
      </form>
    </div>
  );
}
