/**
 * A PyTorch state dict opened in the page: chosen with Import or dropped on it, a dialog asks what
 * the tensors cannot tell, the model opens as a new scene (its loss as the engine computes it in
 * the test); a refusal is shown in the dialog and the scene the user had is kept; a deep network
 * opens with its layers as rows. The files are written here byte by byte (an 8-byte
 * length, the JSON header, the little-endian float64s), as safetensors' save_file writes them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createRng, gradients } from '../../src/engine/index';
import { importTorch } from '../../src/engine/file/torch';
import { useApp } from './browser';

const { open } = useApp();
const dir = mkdtempSync(join(tmpdir(), 'unroll-torch-'));

/** A safetensors file of float64 tensors (name -> shape), seeded values, and its metadata. */
function safetensors(shapes: Record<string, number[]>, metadata: Record<string, string>, seed: number): Uint8Array {
  const rng = createRng(seed);
  const header: Record<string, unknown> = { __metadata__: metadata };
  const chunks: Float64Array[] = [];
  let offset = 0;
  for (const [name, shape] of Object.entries(shapes)) {
    const values = Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-0.8, 0.8));
    header[name] = { dtype: 'F64', shape, data_offsets: [offset, offset + values.byteLength] };
    offset += values.byteLength;
    chunks.push(values);
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(new TextEncoder().encode(json), 8);
  let at = 8 + json.length;
  for (const c of chunks) {
    // Little-endian float64s (this machine's byte order; checked below).
    out.set(new Uint8Array(c.buffer), at);
    at += c.byteLength;
  }
  return out;
}
expect(new Uint8Array(new Float64Array([1]).buffer)[7]).toBe(0x3f);

/** An nn.LSTM (n 3, H 2, `layers` deep) and its nn.Linear (K 3) with a three-letter vocabulary. */
function lstmFile(name: string, layers = 1): { path: string; bytes: Uint8Array } {
  const shapes: Record<string, number[]> = {};
  for (let l = 0; l < layers; l++) {
    Object.assign(shapes, { [`lstm.weight_ih_l${l}`]: [8, l === 0 ? 3 : 2], [`lstm.weight_hh_l${l}`]: [8, 2], [`lstm.bias_ih_l${l}`]: [8], [`lstm.bias_hh_l${l}`]: [8] });
  }
  Object.assign(shapes, { 'fc.weight': [3, 2], 'fc.bias': [3] });
  const bytes = safetensors(shapes, { 'unroll.vocabulary': JSON.stringify(['a', 'b', 'c']) }, 11);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, bytes };
}

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Open a PyTorch model' });
const position = (page: Page) => page.getByTestId('position');

describe('a PyTorch model in the page', () => {
  it('opens from Import: the dialog asks for the sequence, and the model is the engine\'s own reading of the file', async () => {
    const { page, errors } = await open();
    const { path, bytes } = lstmFile('model.safetensors');
    await page.locator('input[type="file"]').setInputFiles(path);
    await dialog(page).waitFor();
    await dialog(page).getByRole('radio', { name: 'Text, through the vocabulary' }).check();
    await dialog(page).getByLabel('Text or token ids').fill('abcab');
    await dialog(page).getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => dialog(page).isVisible()).toBe(false);
    await expect.poll(() => position(page).textContent()).toBe('Forward t = 0 / 4');
    expect(await page.locator('.notice').textContent()).toContain('Imported model.safetensors.');
    // The LSTM's cell state is drawn, and the loss is the engine's on the same file and text.
    await expect.poll(() => page.locator('[data-testid="unfolded-graph"] [data-node="s@1"]').count()).toBe(1);
    const expected = gradients(importTorch(bytes, { sequence: { kind: 'text', text: 'abcab' } })).loss;
    await page.getByTestId('position').click();
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('[data-node="L@4"]').getAttribute('aria-label')).toMatch(/^L\(4\) = /);
    const losses = await Promise.all([1, 2, 3, 4].map((t) => page.locator(`[data-node="L@${t}"]`).getAttribute('aria-label')));
    const shown = losses.reduce((s, l) => s + Number(/= (.+)$/.exec(l ?? '')?.[1]), 0);
    expect(shown).toBeCloseTo(expected, 1);
    expect(errors).toEqual([]);
  });

  it('shows a refusal in the dialog, which stays open, and keeps the scene until a model opens; Cancel keeps it too', async () => {
    const { page } = await open();
    const { path } = lstmFile('bad.safetensors');
    await page.locator('input[type="file"]').setInputFiles(path);
    await dialog(page).getByRole('radio', { name: 'Token ids, separated by commas' }).check();
    await dialog(page).getByLabel('Text or token ids').fill('0, 7, 1');
    await dialog(page).getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => dialog(page).getByRole('alert').textContent()).toContain('token id 7 is out of range 0..2');
    expect(await dialog(page).isVisible()).toBe(true);
    expect(await position(page).textContent()).toBe('Forward t = 0 / 10');
    await dialog(page).getByLabel('Text or token ids').fill('0, x');
    await dialog(page).getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => dialog(page).getByRole('alert').textContent()).toBe('Token ids: "x" is not a non-negative integer.');
    await dialog(page).getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog(page).isVisible()).toBe(false);
    expect(await position(page).textContent()).toBe('Forward t = 0 / 10');
  });

  it('opens a deep network dropped on the page, its layers as rows', async () => {
    const { page } = await open();
    const { bytes } = lstmFile('deep.safetensors', 2);
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'deep.safetensors'));
      const app = document.querySelector('.app')!;
      app.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      app.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, Array.from(bytes));
    await dialog(page).waitFor();
    await dialog(page).getByRole('radio', { name: 'Text, through the vocabulary' }).check();
    await dialog(page).getByLabel('Text or token ids').fill('abca');
    await dialog(page).getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => page.getByTestId('unfolded-graph').locator('[data-node="h_l1@3"]').count()).toBe(1);
    expect(await position(page).textContent()).toBe('Forward t = 0 / 3');
  });
});
