import { PLATFORMS } from '../lib/platforms';

/** Platform tiles; the choice decides the setup snippet onboarding shows. */
export function PlatformPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  return (
    <div className="platforms" role="radiogroup" aria-label="Platform">
      {PLATFORMS.map((p) => (
        <label key={p.id} className={`platform${value === p.id ? ' chosen' : ''}`}>
          <input
            type="radio"
            name="platform"
            value={p.id}
            checked={value === p.id}
            onChange={() => onChange(p.id)}
          />
          <span className={`platform-icon platform-${p.sdk}`} aria-hidden="true">
            {p.sdk === 'browser' ? 'JS' : p.sdk === 'node' ? 'N' : p.sdk === 'python' ? 'Py' : '?'}
          </span>
          <span>{p.name}</span>
        </label>
      ))}
    </div>
  );
}
