"""PyTorch's autograd as the oracle of Unroll's deep and bidirectional networks.

Reads a JSON list of models on standard input, each with Unroll's parameter names
(src/engine/stack: `W`, `W_l1`, `W_reverse`, ...), builds the same network from torch.nn.RNN,
LSTM or GRU (num_layers, bidirectional) and a Linear in float64, with the mapping of
shared/MODEL.md "PyTorch's names", computes the loss (the sum of the cross-entropies of the
output steps) and every gradient with autograd, and prints a JSON list of
{"loss": L, "grads": {name: [...]}} under Unroll's names.
"""
import json
import sys

import torch

torch.set_default_dtype(torch.float64)

# Unroll's parameters per PyTorch block, top to bottom (MODEL.md "PyTorch's names").
BLOCKS = {
    "elman": {"ih": ["U"], "hh": ["W"]},
    "lstm": {"ih": ["Ug", "Uf", "U", "Uq"], "hh": ["Wg", "Wf", "W", "Wq"]},
    "gru": {"ih": ["Ur", "Uu", "U"], "hh": ["Wr", "Wu", "W"]},
}
# Biases: into bias_ih, block by block (bias_hh zeros but the GRU's n block, which holds bh).
BIASES = {"elman": ["b"], "lstm": ["bg", "bf", "b", "bq"], "gru": ["br", "bu", "b"]}


def name(base, layer, reverse):
    return base + (f"_l{layer}" if layer > 0 else "") + ("_reverse" if reverse else "")


def run(m):
    cell, H, K, n = m["cell"], m["sizes"]["hidden"], m["sizes"]["output"], m["sizes"]["input"]
    layers, bi, tau = m["layers"], m["bidirectional"], m["tau"]
    dirs = 2 if bi else 1
    p = {k: torch.tensor(v) for k, v in m["params"].items()}
    kw = dict(input_size=n, hidden_size=H, num_layers=layers, bidirectional=bi)
    if cell == "elman":
        rnn = torch.nn.RNN(nonlinearity=m["nonlinearity"], **kw)
    else:
        rnn = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(**kw)
    with torch.no_grad():
        for l in range(layers):
            for d in range(dirs):
                sfx = f"_l{l}" + ("_reverse" if d == 1 else "")
                cols = n if l == 0 else H * dirs
                getattr(rnn, "weight_ih" + sfx).copy_(torch.cat([p[name(b, l, d == 1)].reshape(H, cols) for b in BLOCKS[cell]["ih"]]))
                getattr(rnn, "weight_hh" + sfx).copy_(torch.cat([p[name(b, l, d == 1)].reshape(H, H) for b in BLOCKS[cell]["hh"]]))
                getattr(rnn, "bias_ih" + sfx).copy_(torch.cat([p[name(b, l, d == 1)] for b in BIASES[cell]]))
                hh = torch.zeros_like(getattr(rnn, "bias_hh" + sfx))
                if cell == "gru":
                    hh[2 * H:] = p[name("bh", l, d == 1)]
                getattr(rnn, "bias_hh" + sfx).copy_(hh)
    h0 = torch.stack([p[name("h0", l, d == 1)] for l in range(layers) for d in range(dirs)]).reshape(layers * dirs, 1, H).requires_grad_()
    s0 = None
    if cell == "lstm":
        s0 = torch.stack([p[name("s0", l, d == 1)] for l in range(layers) for d in range(dirs)]).reshape(layers * dirs, 1, H).requires_grad_()
    V = p["V"].reshape(K, H * dirs).clone().requires_grad_()
    c = p["c"].clone().requires_grad_()
    if m["inputs"]["kind"] == "tokens":
        x = torch.nn.functional.one_hot(torch.tensor(m["inputs"]["ids"]), n).double().reshape(tau, 1, n)
    else:
        x = torch.tensor(m["inputs"]["values"]).reshape(tau, 1, n)
    out, hn = rnn(x, (h0, s0) if cell == "lstm" else h0)
    if cell == "lstm":
        hn = hn[0]
    if m["readout"] == "last":
        top = hn.reshape(layers, dirs, 1, H)[-1]
        z = torch.cat([top[d, 0] for d in range(dirs)]).reshape(1, H * dirs)
    else:
        z = out.reshape(tau, H * dirs)
    o = z @ V.T + c
    y = torch.tensor(m["targets"])
    loss = torch.nn.functional.cross_entropy(o, y, reduction="sum")
    loss.backward()
    grads = {"V": V.grad.flatten().tolist(), "c": c.grad.tolist()}
    for l in range(layers):
        for d in range(dirs):
            sfx = f"_l{l}" + ("_reverse" if d == 1 else "")
            cols = n if l == 0 else H * dirs
            gih = getattr(rnn, "weight_ih" + sfx).grad.reshape(-1, H, cols)
            ghh = getattr(rnn, "weight_hh" + sfx).grad.reshape(-1, H, H)
            gb = getattr(rnn, "bias_ih" + sfx).grad.reshape(-1, H)
            for i, b in enumerate(BLOCKS[cell]["ih"]):
                grads[name(b, l, d == 1)] = gih[i].flatten().tolist()
            for i, b in enumerate(BLOCKS[cell]["hh"]):
                grads[name(b, l, d == 1)] = ghh[i].flatten().tolist()
            for i, b in enumerate(BIASES[cell]):
                grads[name(b, l, d == 1)] = gb[i].tolist()
            if cell == "gru":
                grads[name("bh", l, d == 1)] = getattr(rnn, "bias_hh" + sfx).grad[2 * H:].tolist()
            k = l * dirs + d
            grads[name("h0", l, d == 1)] = h0.grad[k, 0].tolist()
            if cell == "lstm":
                grads[name("s0", l, d == 1)] = s0.grad[k, 0].tolist()
    return {"loss": loss.item(), "grads": grads}


print(json.dumps([run(m) for m in json.load(sys.stdin)]))
