import { useId, useState } from 'react';

interface Props {
  label: string;
  value: number | null;
  min: number;
  max: number;
  /** Shown when the field is empty and empty is allowed (value null). */
  emptyMeans?: string;
  /** Tries the new value; false when it was refused (the field then shows the stored value again on blur). */
  onCommit: (value: number | null) => boolean;
}

/** A labelled integer field that commits each valid edit and keeps the user's text while it is refused. */
export function NumberField({ label, value, min, max, emptyMeans, onCommit }: Props) {
  const id = useId();
  const [text, setText] = useState(value === null ? '' : String(value));
  // A new stored value (a preset, an import) replaces what the field shows.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value === null ? '' : String(value));
  }
  const commit = (raw: string) => {
    setText(raw);
    if (raw.trim() === '') {
      // An empty field is a value only where it means something; otherwise the user is still typing.
      if (emptyMeans !== undefined) onCommit(null);
      return;
    }
    onCommit(Number(raw));
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={text}
        placeholder={emptyMeans}
        onChange={(e) => commit(e.target.value)}
        onBlur={() => setText(value === null ? '' : String(value))}
      />
    </div>
  );
}
