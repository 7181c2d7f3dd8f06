#!/usr/bin/env python3
"""PyTorch's side of tests/torch/crosscheck.test.ts, in one process per mode (importing torch is slow).

    models.py generate DIR   seeded random nn.RNN (tanh, relu) / nn.LSTM / nn.GRU + nn.Linear models
                             in float64, each written by hand as DIR/<id>.safetensors (there is no
                             safetensors package here), with the loss of shared/MODEL.md (cross-entropy
                             summed over the output steps; truncated BPTT by detaching the state at
                             every chunk boundary) and every gradient by autograd; DIR/cases.json
                             lists them with the command-line arguments that import each one.
    models.py check DIR      for each DIR/<id>.unroll.safetensors (what `unroll export` wrote), builds
                             the modules its tensor names and metadata describe (bias=False where it
                             has no bias tensors), loads the tensors with
                             load_state_dict(strict=True), and computes the loss on the sequence of its
                             metadata; prints {id: loss} as JSON.

Exit status 3 when torch cannot be imported.
"""
import json
import os
import random
import struct
import sys

try:
    import torch
    import torch.nn.functional as F
except ImportError as e:  # pragma: no cover - what the test reports when PyTorch is missing
    print(f'PyTorch is not installed: {e}', file=sys.stderr)
    sys.exit(3)

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

PACK = {'F64': 'd', 'F32': 'f', 'F16': 'e'}
SIZE = {'F64': 8, 'F32': 4, 'F16': 2, 'BF16': 2}


def write_safetensors(path, tensors, metadata):
    """tensors: (name, dtype, tensor) in file order; metadata: str -> str. Header padded with spaces to 8 bytes."""
    header = {'__metadata__': metadata} if metadata else {}
    data = bytearray()
    for name, dtype, t in tensors:
        flat = t.detach().reshape(-1).tolist()
        if dtype == 'BF16':
            raw = b''.join(struct.pack('<H', struct.unpack('<I', struct.pack('<f', v))[0] >> 16) for v in flat)
        else:
            raw = struct.pack(f'<{len(flat)}{PACK[dtype]}', *flat)
        header[name] = {'dtype': dtype, 'shape': list(t.shape), 'data_offsets': [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + bytes(data))


def read_safetensors(path):
    """The float64 and float32 tensors of a file (as float64) and its metadata."""
    with open(path, 'rb') as f:
        raw = f.read()
    (n,) = struct.unpack('<Q', raw[:8])
    header = json.loads(raw[8:8 + n].decode('utf-8'))
    metadata = header.pop('__metadata__', {})
    data = raw[8 + n:]
    tensors = {}
    for name, info in header.items():
        begin, end = info['data_offsets']
        count = (end - begin) // SIZE[info['dtype']]
        values = struct.unpack(f'<{count}{PACK[info["dtype"]]}', data[begin:end])
        tensors[name] = torch.tensor(values, dtype=torch.float64).reshape(info['shape'])
    return tensors, metadata


CELLS = {'rnn-tanh': (torch.nn.RNN, 1), 'rnn-relu': (torch.nn.RNN, 1), 'lstm': (torch.nn.LSTM, 4), 'gru': (torch.nn.GRU, 3)}


def make_rnn(cell, n, H, bias=True, layers=1, bidirectional=False):
    module = CELLS[cell][0]
    kw = dict(bias=bias, num_layers=layers, bidirectional=bidirectional)
    if module is torch.nn.RNN:
        return module(n, H, nonlinearity=cell.split('-')[1], **kw)
    return module(n, H, **kw)


def loss_of(rnn, fc, x, targets, single, truncation, lstm, h0=None, c0=None):
    """MODEL.md's loss: cross-entropy summed over the output steps; the state detached at each chunk boundary
    (one direction only: a bidirectional module is not cut in chunks). A single output reads h_n: the top
    layer's last forward state, and with two directions its backward state at step 1."""
    tau, H = x.shape[0], rnn.hidden_size
    dirs = 2 if rnn.bidirectional else 1
    rows = rnn.num_layers * dirs
    h0 = torch.zeros(rows, H, requires_grad=True) if h0 is None else h0
    c0 = torch.zeros(rows, H, requires_grad=True) if (lstm and c0 is None) else c0
    state = (h0, c0) if lstm else h0
    k = truncation or tau
    outs = []
    for start in range(0, tau, k):
        if start > 0:
            state = tuple(s.detach() for s in state) if lstm else state.detach()
        out, state = rnn(x[start:start + k], state)
        outs.append(out)
    hs = torch.cat(outs)
    if single:
        hn = state[0] if lstm else state
        z = torch.cat([hn[rows - dirs + d] for d in range(dirs)]).reshape(1, H * dirs)
        return F.cross_entropy(fc(z), torch.tensor([targets[-1]]), reduction='sum'), h0, c0
    return F.cross_entropy(fc(hs), torch.tensor(targets), reduction='sum'), h0, c0


def onehot(ids, n):
    x = torch.zeros(len(ids), n)
    for t, i in enumerate(ids):
        x[t, i] = 1.0
    return x


def tensor_name(module, suffix):
    return suffix if module == '' else f'{module}.{suffix}'


RECURRENT_MODULES = ['rnn', 'encoder.lstm', '', 'net.layers.0', 'rnn']
LINEAR_MODULES = ['fc', 'head', 'decoder.out', 'fc']
INPUTS = ['tokens-stream', 'tokens-targets', 'text', 'onehot', 'dense', 'scene']
LETTERS = 'abcdefghij'


def generate(out_dir):
    cases = []
    kinds = [(cell, single) for cell in CELLS for single in [False, True]]
    index = 0
    for seed in range(3):
        for cell, single in kinds:
            for inputs in INPUTS:
                index += 1
                cases.append(make_case(out_dir, index, cell, single, inputs, random.Random(1000 * seed + index), large=seed == 2))
    # Deep and bidirectional networks: every cell, 2 and 3 layers, one or two directions.
    for cell, single in kinds:
        for layers, bidirectional in [(2, False), (3, False), (1, True), (2, True), (3, True)]:
            for inputs in ['tokens-stream', 'dense']:
                index += 1
                cases.append(make_case(out_dir, index, cell, single, inputs, random.Random(7000 + index), large=False, layers=layers, bidirectional=bidirectional))
    with open(os.path.join(out_dir, 'cases.json'), 'w') as f:
        json.dump(cases, f)


def make_case(out_dir, index, cell, single, inputs, rng, large, layers=1, bidirectional=False):
    """One model: small sizes, or (large) up to n 8, H 16, K 8, tau 40; `layers` deep, in one or two directions."""
    torch.manual_seed(index)
    shape = (f'-l{layers}' if layers > 1 else '') + ('-bi' if bidirectional else '')
    case_id = f'{index:03d}-{cell}{"-single" if single else ""}{shape}-{inputs}'
    if large:
        n, H, K, tau = rng.randint(1, 8), rng.randint(7, 16), rng.randint(2, 8), rng.randint(10, 40)
    else:
        n, H, K, tau = rng.randint(1, 5), rng.randint(1, 6), rng.randint(2, 5), rng.randint(1, 10)
    if inputs in ('tokens-stream', 'text'):
        n, K = max(n, 2), max(K, 2)
    gates = CELLS[cell][1]
    bias = rng.random() > 0.15
    rnn = make_rnn(cell, n, H, bias, layers, bidirectional)
    fc = torch.nn.Linear(H * (2 if bidirectional else 1), K, bias=rng.random() > 0.1)
    scale = rng.choice([1.0, 2.0, 3.0])
    dtype = 'F32' if rng.random() < 0.2 else 'F64'
    with torch.no_grad():
        for p in list(rnn.parameters()) + list(fc.parameters()):
            p.uniform_(-scale / H ** 0.5, scale / H ** 0.5)
            if dtype == 'F32':
                p.copy_(p.float().double())
    truncation = rng.choice([None, None, 1, 2, 3, 7]) if tau > 1 and not bidirectional else None
    r_mod, l_mod = rng.choice(RECURRENT_MODULES), rng.choice(LINEAR_MODULES)
    args, metadata, sequence = [], {}, None
    ids = [rng.randrange(min(n, K)) for _ in range(tau + 1)]
    if inputs == 'tokens-stream':
        x, targets = onehot(ids[:-1], n), ids[1:]
        args += ['--tokens', ','.join(map(str, ids))]
    elif inputs == 'tokens-targets':
        ids = [rng.randrange(n) for _ in range(tau)]
        targets = [rng.randrange(K) for _ in range(tau)]
        x = onehot(ids, n)
        args += ['--tokens', ','.join(map(str, ids)), '--targets', ','.join(map(str, [targets[-1]] if single else targets))]
    elif inputs == 'text':
        x, targets = onehot(ids[:-1], n), ids[1:]
        metadata['unroll.vocabulary'] = json.dumps(list(LETTERS[:n]))
        if K != n or rng.random() < 0.5:
            metadata['unroll.classes'] = json.dumps(list(LETTERS[:K]))
        args += ['--text', ''.join(LETTERS[i] for i in ids)]
    else:
        ids = [rng.randrange(n) for _ in range(tau)]
        targets = [rng.randrange(K) for _ in range(tau)]
        x = onehot(ids, n) if inputs == 'onehot' else (torch.rand(tau, n) * 4 - 2)
        rows = x.tolist()
        sequence = {'inputs': ids if inputs == 'scene' else rows, 'targets': targets[-1] if single else targets}
        if inputs == 'scene':
            x = onehot(ids, n)
    if inputs == 'scene':
        # The Elman cell read at the end is the variant single-output; a gated cell has readout "last".
        variant = ('single-output' if single else 'elman') if gates == 1 else cell
        scene = {'format': 'unroll-model', 'version': 1, 'variant': variant,
                 'sizes': {'input': n, 'hidden': H, 'output': K}, 'sequence': sequence}
        if single and gates != 1:
            scene['readout'] = 'last'
        if cell == 'rnn-relu':
            scene['nonlinearity'] = 'relu'
        if truncation:
            scene['truncation'] = truncation
        metadata['unroll.scene'] = json.dumps(scene)
    else:
        if sequence is not None:
            path = os.path.join(out_dir, f'{case_id}.sequence.json')
            with open(path, 'w') as f:
                json.dump(sequence, f)
            args += ['--sequence', path]
        if truncation:
            args += ['--truncation', str(truncation)]
        via_meta = rng.random() < 0.5
        if cell == 'rnn-relu':
            if via_meta:
                metadata['unroll.nonlinearity'] = 'relu'
            else:
                args += ['--nonlinearity', 'relu']
        if single:
            if via_meta:
                metadata['unroll.output'] = 'single'
            else:
                args += ['--single-output']
    tensors = [(tensor_name(r_mod, name), dtype, p) for name, p in rnn.named_parameters()]
    tensors += [(tensor_name(l_mod, name), dtype, p) for name, p in fc.named_parameters()]
    if rng.random() < 0.25:
        # A second Linear reading what the output layer reads: the output layer must be named.
        tensors.append(('aux.weight', 'F64', torch.rand(3, fc.in_features)))
        if rng.random() < 0.5:
            args += ['--output-layer', l_mod + '.']
        else:
            metadata['unroll.output_layer'] = l_mod
    if rng.random() < 0.3:
        # Tensors of other modules, in the dtypes only read: an embedding in float16 and bfloat16 (values exact in both).
        # 17 columns, more than any H here: not a Linear that reads h(t).
        tensors.append(('embedding.weight', 'F16', torch.tensor([[0.5, -1.25, 2.0, 0.0, 1.0, -3.5, 0.125, 65504.0] * 2 + [2.0 ** -24]] * 2)))
        tensors.append(('norm.scale', 'BF16', torch.tensor([1.5, -0.75, 3.0])))
    rng.shuffle(tensors)
    if r_mod == '' and l_mod == '':
        raise AssertionError('unreachable: the Linear modules all have names')
    file = os.path.join(out_dir, f'{case_id}.safetensors')
    write_safetensors(file, tensors, metadata)

    loss, h0, c0 = loss_of(rnn, fc, x, targets, single, truncation, gates == 4)
    loss.backward()
    # What truncation cuts off from the loss (a single output's early chunks) has no gradient: zeros.
    def grad(t):
        return (t.grad if t.grad is not None else torch.zeros_like(t)).reshape(-1).tolist()
    grads = {tensor_name(r_mod, name): grad(p) for name, p in rnn.named_parameters()}
    grads.update({tensor_name(l_mod, name): grad(p) for name, p in fc.named_parameters()})
    initial = {'h_0': grad(h0)}
    if gates == 4:
        initial['c_0'] = grad(c0)
    # The test reads what it computes the same way for every shape: h_0 rows l0, l0_reverse, l1, ...
    return {'id': case_id, 'file': file, 'args': args, 'loss': loss.item(), 'grads': grads, 'initial': initial,
            'bias': bias, 'linearBias': fc.bias is not None}


def container(modules):
    """A module tree holding each (path, module) at its path, so that state_dict names match the file's."""
    root = modules.get('') or torch.nn.Module()
    for path, module in modules.items():
        if path == '':
            continue
        node, parts = root, path.split('.')
        for part in parts[:-1]:
            if not hasattr(node, part):
                node.add_module(part, torch.nn.Module())
            node = getattr(node, part)
        node.add_module(parts[-1], module)
    return root


def check(out_dir):
    with open(os.path.join(out_dir, 'cases.json')) as f:
        cases = json.load(f)
    losses = {}
    for case in cases:
        path = os.path.join(out_dir, f'{case["id"]}.unroll.safetensors')
        tensors, metadata = read_safetensors(path)
        scene = json.loads(metadata['unroll.scene'])
        initial = json.loads(metadata['unroll.initial'])
        r_mod = next(name[:-len('weight_ih_l0')].rstrip('.') for name in tensors if name.endswith('weight_ih_l0'))
        l_mod = next(name[:-len('weight')].rstrip('.') for name in tensors if name.endswith('weight') and not name.endswith('_l0'))
        n, H, K = scene['sizes']['input'], scene['sizes']['hidden'], scene['sizes']['output']
        variant = scene['variant']
        cell = {'lstm': 'lstm', 'gru': 'gru'}.get(variant, 'rnn-' + scene.get('nonlinearity', 'tanh'))
        # Built with bias=False where the export has no bias tensors, as the original was.
        layers, bidirectional = scene.get('layers', 1), scene.get('bidirectional', False)
        dirs = 2 if bidirectional else 1
        rnn = make_rnn(cell, n, H, tensor_name(r_mod, 'bias_ih_l0') in tensors, layers, bidirectional)
        fc = torch.nn.Linear(H * dirs, K, bias=tensor_name(l_mod, 'bias') in tensors)
        container({r_mod: rnn, l_mod: fc}).load_state_dict(tensors, strict=True)
        seq = scene['sequence']
        inputs = seq['inputs']
        x = torch.tensor(inputs, dtype=torch.float64) if isinstance(inputs[0], list) else onehot(inputs, n)
        targets = seq['targets'] if isinstance(seq['targets'], list) else [seq['targets']]
        # Each layer and direction's initial state, in h_0's row order: h0, h0_reverse, h0_l1, h0_l1_reverse, ...
        def rows_of(state):
            names = [state + (f'_l{l}' if l else '') + ('_reverse' if d else '') for l in range(layers) for d in range(dirs)]
            return torch.tensor([initial[k] for k in names], dtype=torch.float64)
        h0 = rows_of('h0')
        c0 = rows_of('s0') if 's0' in initial else None
        with torch.no_grad():
            single = variant == 'single-output' or scene.get('readout') == 'last'
            loss, _, _ = loss_of(rnn, fc, x, targets, single, None, cell == 'lstm', h0, c0)
        losses[case['id']] = loss.item()
    print(json.dumps(losses))


if __name__ == '__main__':
    mode, directory = sys.argv[1], sys.argv[2]
    {'generate': generate, 'check': check}[mode](directory)
