import { useEffect, useState } from 'react';

/**
 * A destructive button that asks once more in place (no `window.confirm`: a modal dialog blocks the
 * page, and the browser tests treat any dialog as a failure).
 */
export function ConfirmButton({
  label,
  confirmLabel,
  onConfirm,
  disabled,
}: {
  label: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!asking) return;
    const timer = setTimeout(() => setAsking(false), 4000);
    return () => clearTimeout(timer);
  }, [asking]);
  return (
    <button
      type="button"
      className={`btn btn-small${asking ? ' btn-danger' : ''}`}
      disabled={disabled}
      onClick={() => {
        if (!asking) return setAsking(true);
        setAsking(false);
        onConfirm();
      }}
    >
      {asking ? confirmLabel : label}
    </button>
  );
}
