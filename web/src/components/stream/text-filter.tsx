import { useState } from 'react';

/**
 * A small text filter that applies on Enter or when it loses focus (not on every keystroke). Keyed by
 * its value in the parent, so a change from elsewhere (the search box) restarts it.
 */
export function TextFilter({
  label,
  value,
  placeholder,
  onApply,
}: {
  label: string;
  value: string;
  placeholder: string;
  onApply: (value: string) => void;
}) {
  const [text, setText] = useState(value);
  const apply = () => {
    if (text.trim() !== value) onApply(text.trim());
  };
  return (
    <label className="filter">
      <span>{label}</span>
      <input
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
      />
    </label>
  );
}
