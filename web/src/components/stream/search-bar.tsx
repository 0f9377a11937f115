import { useState, type FormEvent } from 'react';

/**
 * The search box. Submits on Enter; the text is the whole query, in the API's own language. The filters
 * edit the query too, so the parent keys this component by the query to restart it with their change.
 */
export function SearchBar({ query, onSearch }: { query: string; onSearch: (query: string) => void }) {
  const [text, setText] = useState(query);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(text.trim());
  };
  return (
    <form className="search-bar" role="search" onSubmit={submit}>
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" className="search-icon">
        <path
          d="M11 6.5a4.5 4.5 0 1 1-9 0 4.5 4.5 0 0 1 9 0Zm-.9 4.3 3.6 3.6"
          stroke="currentColor"
          strokeWidth="1.6"
          fill="none"
        />
      </svg>
      <input
        type="search"
        name="query"
        aria-label="Search issues"
        placeholder="is:unresolved level:error environment:production release:1.0 user.email:… or free text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
        autoComplete="off"
      />
      <button type="submit" className="btn">
        Search
      </button>
    </form>
  );
}
