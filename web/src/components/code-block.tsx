import { CopyButton } from './copy-button';

/** A copy-ready block of code or configuration. */
export function CodeBlock({ code, language, title }: { code: string; language?: string; title?: string }) {
  return (
    <div className="code-block">
      <div className="code-block-head">
        <span>{title ?? language}</span>
        <CopyButton text={code} />
      </div>
      <pre data-language={language}>
        <code>{code}</code>
      </pre>
    </div>
  );
}
