/**
 * Opening a PyTorch state dict (a .safetensors file chosen with Import or dropped on the page): a
 * modal dialog asks what the tensors cannot tell (the sequence, nn.RNN's nonlinearity, where the
 * output is read), each defaulting to what the file's metadata says. A refusal is shown in the
 * dialog, which stays open to be corrected; the scene the user had is kept until a model opens.
 */
import type { FormEvent } from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import type { TorchImportOptions, TorchSequence } from '../../engine/index';
import { torchImportMessages } from '../../i18n/messages/torchImport';
import { useMessages } from '../../i18n/useMessages';
import { connectTorchDialog, importTorchFile } from '../files';

type SequenceKind = 'file' | 'text' | 'tokens';
type Output = 'file' | 'every' | 'end';

/** Token ids from a comma-separated list, or the first item that is not one. */
function idsOf(text: string): number[] | { readonly bad: string } {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = items.find((s) => !/^\d+$/.test(s));
  return bad !== undefined ? { bad } : items.map(Number);
}

export function TorchImportDialog() {
  const m = useMessages(torchImportMessages);
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<SequenceKind>('file');
  const [value, setValue] = useState('');
  const [targets, setTargets] = useState('');
  const [nonlinearity, setNonlinearity] = useState<'file' | 'tanh' | 'relu'>('file');
  const [output, setOutput] = useState<Output>('file');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    connectTorchDialog((f) => {
      setFile(f);
      setProblem(null);
      ref.current?.showModal();
    });
    return () => connectTorchDialog(null);
  }, []);

  /** The options the form says, or the problem with them. */
  const optionsOf = (): TorchImportOptions | string => {
    let sequence: TorchSequence | undefined;
    if (kind !== 'file') {
      if (value.trim() === '') return m.needsValue;
      if (kind === 'text') sequence = { kind: 'text', text: value };
      else {
        const ids = idsOf(value);
        if ('bad' in ids) return m.badTokens(ids.bad);
        const given = idsOf(targets);
        if ('bad' in given) return m.badTokens(given.bad);
        sequence = { kind: 'tokens', ids, ...(given.length > 0 ? { targets: given } : {}) };
      }
    }
    return {
      ...(sequence ? { sequence } : {}),
      ...(nonlinearity === 'file' ? {} : { nonlinearity }),
      ...(output === 'file' ? {} : { singleOutput: output === 'end' }),
    };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file || busy) return;
    const options = optionsOf();
    if (typeof options === 'string') {
      setProblem(options);
      return;
    }
    setBusy(true);
    importTorchFile(file, options)
      .then(() => ref.current?.close())
      .catch((error: unknown) => setProblem(`${file.name}: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => setBusy(false));
  };

  const radio = (k: SequenceKind, label: string) => (
    <label><input type="radio" name={`${id}-sequence`} checked={kind === k} onChange={() => setKind(k)} /> {label}</label>
  );
  return (
    <dialog ref={ref} aria-labelledby={`${id}-title`} className="torch-import" onClose={() => setFile(null)}>
      <h2 id={`${id}-title`}>{m.title}</h2>
      {file && <p>{m.file(file.name)}</p>}
      <form onSubmit={submit}>
        <fieldset>
          <legend>{m.sequence}</legend>
          {radio('file', m.fromFile)}
          {radio('text', m.text)}
          {radio('tokens', m.tokens)}
          {kind !== 'file' && (
            <label className="field">{m.sequenceValue}<input value={value} onChange={(e) => setValue(e.target.value)} /></label>
          )}
          {kind === 'tokens' && (
            <label className="field">{m.targets}<input value={targets} onChange={(e) => setTargets(e.target.value)} /></label>
          )}
        </fieldset>
        <label className="field">{m.nonlinearity}
          <select value={nonlinearity} onChange={(e) => setNonlinearity(e.target.value as typeof nonlinearity)}>
            <option value="file">{m.fileNonlinearity}</option>
            <option value="tanh">tanh</option>
            <option value="relu">relu</option>
          </select>
        </label>
        <label className="field">{m.output}
          <select value={output} onChange={(e) => setOutput(e.target.value as Output)}>
            <option value="file">{m.fileOutput}</option>
            <option value="every">{m.everyStep}</option>
            <option value="end">{m.atEnd}</option>
          </select>
        </label>
        {problem !== null && <p className="warning" role="alert">{problem}</p>}
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>{busy ? m.opening : m.open}</button>
          <button type="button" onClick={() => ref.current?.close()}>{m.cancel}</button>
        </div>
      </form>
    </dialog>
  );
}
