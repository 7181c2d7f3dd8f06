/** Task presets: every one builds, and each is what its name says. */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ECHO_MAX_LAG, LONG_ECHO, PRESETS, activePresetOf, echoLagOf, echoScene } from '../../src/store/presets';
import { cuedEcho, traceOf } from '../../src/engine/index';
import type { SceneConfig } from '../../src/store/scene';
import { DEFAULT_SCENE, buildModel, sequenceLength } from '../../src/store/scene';
import { selectActivePreset } from '../../src/store/selectors';
import { serializeState } from '../../src/store/share';
import { parseState } from '../../src/store/stateRead';
import { createAppStore } from '../../src/store/store';

/** The preset of a name. */
function preset(name: string) {
  const found = PRESETS.find((p) => p.name.en === name);
  if (found === undefined) throw new Error(`no preset ${name}`);
  return found;
}

describe('PRESETS', () => {
  it.each(PRESETS.map((p) => [p.name.en, p] as const))('%s builds', (_, p) => {
    const model = buildModel(p.config);
    expect(model.sequence.length).toBe(sequenceLength(p.config));
    expect(p.description.en.length).toBeGreaterThan(20);
    expect(p.description.zh.length).toBeGreaterThan(10);
  });

  it('has unique ids and names, the default first', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    expect(new Set(PRESETS.map((p) => p.name.en)).size).toBe(PRESETS.length);
    expect(new Set(PRESETS.map((p) => p.name.zh)).size).toBe(PRESETS.length);
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
    const seq = config('echo').sequence;
    if (seq.mode !== 'tokens') throw new Error('token lists expected');
    expect(seq.targets.slice(0, 2)).toEqual([0, 0]);
    expect(seq.targets.slice(2)).toEqual(seq.inputs.slice(0, -2));
  });

  it('the echo lag: every lag keeps the inputs and shifts the targets; an edited scene has no lag', () => {
    expect(echoLagOf(config('echo'))).toBe(2);
    const inputs = config('echo').sequence;
    for (let lag = 0; lag <= ECHO_MAX_LAG; lag++) {
      const scene = echoScene(lag);
      expect(echoLagOf(scene)).toBe(lag);
      const seq = scene.sequence;
      if (seq.mode !== 'tokens' || inputs.mode !== 'tokens') throw new Error('token lists expected');
      expect(seq.inputs).toEqual(inputs.inputs);
      expect(seq.targets).toEqual(seq.inputs.map((_, i) => (i >= lag ? seq.inputs[i - lag] : 0)));
    }
    expect(echoLagOf({ ...echoScene(3), seed: 8 })).toBeNull();
    expect(echoLagOf(DEFAULT_SCENE)).toBeNull();
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

describe('the book\'s recurrence presets', () => {
  it('W = 0.5 I over 60 steps: the gradient of the last step\'s loss reaching h(1) has vanished', () => {
    const vanishing = PRESETS.find((p) => p.id === 'w-vanishing')!.config;
    const model = buildModel(vanishing);
    const H = model.sizes.hidden;
    expect(Array.from(model.params.W!)).toEqual(Array.from({ length: H * H }, (_, i) => (i % (H + 1) === 0 ? 0.5 : 0)));
    expect(model.sequence.length).toBe(60);
    // With one loss at the end, dL/dh(t) is that loss's gradient carried back: each step multiplies it by at most 0.5.
    const single = buildModel({ ...vanishing, variant: 'single-output' });
    const gH = traceOf(single).gH;
    expect(traceOf(model).gH.length).toBe(60 * H);
    const far = Math.hypot(...gH.slice(0, H));
    const near = Math.hypot(...gH.slice(58 * H, 59 * H));
    expect(far / near).toBeLessThan(1e-12);
  });

  it('the setting is kept and ignored for Jordan, whose W is not square', () => {
    const c = PRESETS.find((p) => p.id === 'w-growing')!.config;
    expect(buildModel({ ...c, variant: 'jordan' }).params.W!.length).toBe(8 * buildModel({ ...c, variant: 'jordan' }).sizes.output);
  });
});

describe('the long echo presets', () => {
  const cells = ['elman', 'lstm', 'gru'] as const;
  const presets = cells.map((cell) => PRESETS.find((p) => p.id === `long-echo-${cell}`)!);

  it('one per cell, named by the lag and the cell, the same sequence and seed, the training settings that make the point', () => {
    presets.forEach((p, i) => {
      expect(p.name.en).toBe(`Long echo (lag ${LONG_ECHO.task.lag}): ${['Elman', 'LSTM', 'GRU'][i]}`);
      expect(p.config.variant).toBe(cells[i]);
      expect(p.config.seed).toBe(LONG_ECHO.task.seed);
      expect(p.config.hidden).toBe(LONG_ECHO.task.hidden);
      expect(p.config.sequence).toEqual(presets[0]!.config.sequence);
      expect(p.training).toEqual(LONG_ECHO.training);
    });
  });

  it('each scene builds the task\'s model on its cell: the sequence of cuedEcho and initModel\'s parameters for the cell and seed', () => {
    for (const [i, p] of presets.entries()) {
      const model = buildModel(p.config);
      const task = cuedEcho({ ...LONG_ECHO.task, variant: cells[i]! });
      expect(model.sequence).toEqual(task.sequence);
      expect(model.sizes).toEqual(task.sizes);
      expect(model.params).toEqual(task.params);
    }
  });

  it('the descriptions state the bounds the long-echo test asserts, in both languages', () => {
    const { iterations, elmanAbove, gatedBelow } = LONG_ECHO;
    for (const lang of ['en', 'zh'] as const) {
      expect(presets[0]!.description[lang]).toContain(String(elmanAbove));
      for (const p of presets) expect(p.description[lang]).toContain(String(iterations));
      for (const p of presets.slice(1)) expect(p.description[lang]).toContain(String(gatedBelow));
    }
  });
});

describe('the active preset', () => {
  /** Every way the controls can change one field of a scene, each to another value. */
  const edits = (c: SceneConfig): [string, SceneConfig][] => {
    const seq = c.sequence;
    const sequence: [string, SceneConfig][] = seq.mode === 'text'
      ? [['sequence.text', { ...c, sequence: { mode: 'text', text: `${seq.text}x` } }]]
      : [
        ['sequence.inputs', { ...c, sequence: { ...seq, inputs: [(seq.inputs[0]! + 1) % 3, ...seq.inputs.slice(1)] } }],
        ['sequence.targets', { ...c, sequence: { ...seq, targets: [...seq.targets.slice(0, -1), (seq.targets.at(-1)! + 1) % 2] } }],
      ];
    return [
      ['variant', { ...c, variant: c.variant === 'gru' ? 'lstm' : 'gru' }],
      ['feedback', { ...c, feedback: c.feedback === 'softmax' ? 'teacher' : 'softmax' }],
      ['nonlinearity', { ...c, nonlinearity: 'relu' }],
      ['hidden', { ...c, hidden: c.hidden + 1 }],
      ['seed', { ...c, seed: c.seed + 1 }],
      ['truncation', { ...c, truncation: c.truncation === null ? 3 : c.truncation + 1 }],
      ['recurrence', { ...c, recurrence: (c.recurrence ?? 0.9) + 0.1 }],
      ['sequence.mode', { ...c, sequence: seq.mode === 'text' ? { mode: 'tokens', inputs: [0, 1], targets: [1, 0] } : { mode: 'text', text: 'ab' } }],
      ...sequence,
    ];
  };

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s is its own scene, by its name, and is no longer after an edit of any field', (_, p) => {
    const active = activePresetOf(p.config);
    expect(active?.preset).toBe(p);
    expect(active?.name).toEqual(p.id === 'echo' ? { en: 'Task: delayed echo (lag 2)', zh: '任务：延迟回声（延迟 2）' } : p.name);
    for (const [field, edited] of edits(p.config)) {
      // Another topology can be another preset's scene (the long echo on another cell): then it is that preset.
      const other = field === 'variant' ? PRESETS.find((q) => isDeepStrictEqual(q.config, edited)) : undefined;
      expect(activePresetOf(edited)?.preset ?? null, field).toBe(other ?? null);
    }
  });

  it('an edit that makes another preset\'s scene is that preset (Elman to Jordan: the Jordan preset)', () => {
    expect(activePresetOf({ ...DEFAULT_SCENE, variant: 'jordan' })?.preset.id).toBe('jordan-logits');
    expect(activePresetOf({ ...DEFAULT_SCENE, variant: 'jordan', feedback: 'teacher' })?.preset.id).toBe('jordan-teacher');
  });

  it('names the echo task by the lag its slider is at', () => {
    for (let lag = 0; lag <= ECHO_MAX_LAG; lag++) {
      const active = activePresetOf(echoScene(lag));
      expect(active?.preset.id).toBe('echo');
      expect(active?.name.en).toBe(`Task: delayed echo (lag ${lag})`);
      expect(active?.name.zh).toBe(`任务：延迟回声（延迟 ${lag}）`);
    }
  });

  it('is the same scene read back from a link (keys in the schema\'s order), and with tanh written out', () => {
    for (const p of PRESETS) {
      const model = buildModel(p.config);
      const back = parseState(serializeState({ model, config: p.config, position: 0, selected: null }), 'link').config!;
      const reordered = Object.fromEntries(Object.entries(back).reverse()) as unknown as SceneConfig;
      expect(activePresetOf(reordered)?.preset, p.id).toBe(p);
    }
    expect(activePresetOf({ ...DEFAULT_SCENE, nonlinearity: 'tanh' })?.preset.id).toBe('hello-world');
  });

  it('in the store: a chosen preset stays shown while it is trained, and not after an edit', () => {
    const store = createAppStore();
    expect(selectActivePreset(store.getState())?.preset.id).toBe('hello-world');
    const parity = PRESETS.find((p) => p.id === 'parity')!;
    expect(store.getState().replaceConfig(parity.config)).toBe(true);
    expect(selectActivePreset(store.getState())?.preset).toBe(parity);
    // Training changes the parameters, not the scene.
    const trained = { ...store.getState().model, params: { ...store.getState().model.params, c: new Float64Array(store.getState().model.sizes.output) } };
    store.getState().setVersion(trained, 1, null);
    expect(selectActivePreset(store.getState())?.preset).toBe(parity);
    expect(store.getState().editConfig({ seed: 4 })).toBe(true);
    expect(selectActivePreset(store.getState())).toBeNull();
    // A refused edit changes nothing: still no preset, and back on the preset's seed it is the preset again.
    expect(store.getState().editConfig({ hidden: 0 })).toBe(false);
    expect(selectActivePreset(store.getState())).toBeNull();
    expect(store.getState().editConfig({ seed: 3 })).toBe(true);
    expect(selectActivePreset(store.getState())?.preset).toBe(parity);
  });
});
