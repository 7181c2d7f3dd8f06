/** Task presets: every one builds, and each is what its name says. */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/store/presets';
import { DEFAULT_SCENE, buildModel, sequenceLength } from '../../src/store/scene';

/** The preset of a name. */
function preset(name: string) {
  const found = PRESETS.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no preset ${name}`);
  return found;
}

describe('PRESETS', () => {
  it.each(PRESETS.map((p) => [p.name, p] as const))('%s builds', (_, p) => {
    const model = buildModel(p.config);
    expect(model.sequence.length).toBe(sequenceLength(p.config));
    expect(p.description.length).toBeGreaterThan(20);
  });

  it('has unique ids and names, the default first', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    expect(new Set(PRESETS.map((p) => p.name)).size).toBe(PRESETS.length);
    expect(PRESETS[0]?.config).toEqual(DEFAULT_SCENE);
    for (const p of PRESETS) expect(p.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('holds the presets the controls offer, each as its name says', () => {
    expect(preset('Next character: hello world').config).toEqual(DEFAULT_SCENE);
    expect(preset('Jordan with teacher forcing').config).toMatchObject({ variant: 'jordan', feedback: 'teacher' });
    expect(buildModel(preset('Single output: the last character').config).sequence.targets.length).toBe(1);
    const truncated = preset('Truncated BPTT (k = 4)').config;
    expect(truncated.truncation).toBe(4);
    expect(sequenceLength(truncated)).toBeGreaterThan(sequenceLength(DEFAULT_SCENE));
    expect(sequenceLength(preset('Long sequence (tau = 128)').config)).toBe(128);
    expect(sequenceLength(preset('Long sequence (tau = 512)').config)).toBe(512);
  });
});

describe('task presets', () => {
  const config = (id: string) => PRESETS.find((p) => p.id === id)!.config;

  it('delayed echo: each target is the input from 2 steps back (class 0 before that)', () => {
    const seq = config('echo-2').sequence;
    if (seq.mode !== 'tokens') throw new Error('token lists expected');
    expect(seq.targets.slice(0, 2)).toEqual([0, 0]);
    expect(seq.targets.slice(2)).toEqual(seq.inputs.slice(0, -2));
  });

  it('parity: each target is the parity of the bits so far', () => {
    const seq = config('parity').sequence;
    if (seq.mode !== 'tokens') throw new Error('token lists expected');
    let acc = 0;
    expect(seq.targets).toEqual(seq.inputs.map((b) => (acc ^= b)));
  });

  it('count: single output, target 1 exactly when there are more a\'s (0) than b\'s (1)', () => {
    const c = config('count');
    if (c.sequence.mode !== 'tokens') throw new Error('token lists expected');
    const a = c.sequence.inputs.filter((x) => x === 0).length;
    const b = c.sequence.inputs.filter((x) => x === 1).length;
    expect(c.variant).toBe('single-output');
    expect(c.sequence.targets.at(-1)).toBe(a > b ? 1 : 0);
  });
});
