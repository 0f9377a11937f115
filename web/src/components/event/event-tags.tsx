import { Section } from './section';

/** The event's own tags as key/value chips. */
export function EventTags({ tags }: { tags: Array<{ key: string; value: string }> }) {
  if (tags.length === 0) return null;
  return (
    <Section title="Tags" testId="event-tags">
      <ul className="tag-chips">
        {tags.map((t, i) => (
          <li key={`${t.key}-${i}`}>
            <span className="tag-key">{t.key}</span>
            <span className="tag-value">{t.value}</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
