"""PyTorch's side of `npm run bench:torch` (bench/torch.bench.ts): one forward + BPTT pass.

Reads one JSON object on standard input:
  {"budget": {"seconds": S, "minPasses": P, "warmMs": W, "sampleMs": M},
   "configs": [{"dtype": "float64" | "float32", "threads": T}, ...],
   "cases": [{"cell": "elman" | "lstm" | "gru", "sizes": {"input": n, "hidden": H, "output": K},
              "ids": [tau token ids], "targets": [tau class ids],
              "params": {Unroll's name: flat row-major list}, "time": bool, "grads": bool}, ...]}
and prints one JSON object (progress, one line per timing, goes to standard error):
  {"torch": version, "cases": [{"loss": {dtype: L}, "ms": {"<dtype>/<threads>": median ms},
                                "cpuMs": {"<dtype>/<threads>": median CPU ms, every thread's},
                                "grads": {Unroll's name: [...]} (float64; only where asked)}]}

Each case is built once per dtype from Unroll's parameters (shared/MODEL.md "PyTorch's names"):
nn.RNN (tanh) / nn.LSTM / nn.GRU and an nn.Linear, batch 1, one-hot inputs, h0 (and the LSTM's
s0) leaf tensors with gradients as Unroll's, the loss the sum of the steps' cross-entropies.
A pass: every gradient set to None, forward, loss.backward(). Timing as bench/timing.ts: warm-up
for warmMs (at least one pass), then batches of passes lasting at least sampleMs until both
`seconds` and `minPasses` are reached; the figures are the median ms per pass over the batches,
in wall-clock time and in this process's CPU time (summed over its threads).
"""
import json
import math
import sys
import time

import torch

# Unroll's parameters per PyTorch block, top to bottom (MODEL.md "PyTorch's names").
BLOCKS = {
    "elman": {"ih": ["U"], "hh": ["W"], "bias": ["b"]},
    "lstm": {"ih": ["Ug", "Uf", "U", "Uq"], "hh": ["Wg", "Wf", "W", "Wq"], "bias": ["bg", "bf", "b", "bq"]},
    "gru": {"ih": ["Ur", "Uu", "U"], "hh": ["Wr", "Wu", "W"], "bias": ["br", "bu", "b"]},
}
MODULES = {"elman": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
DTYPES = {"float64": torch.float64, "float32": torch.float32}


class Net:
    """One case as PyTorch modules in one dtype, with its inputs and targets."""

    def __init__(self, case, dtype):
        cell, sizes = case["cell"], case["sizes"]
        n, H, K = sizes["input"], sizes["hidden"], sizes["output"]
        p = {k: torch.tensor(v, dtype=torch.float64) for k, v in case["params"].items()}
        b = BLOCKS[cell]
        self.cell, self.H = cell, H
        # Built in float64 (the default dtype is float32, which would round Unroll's parameters), then cast.
        self.rnn = MODULES[cell](input_size=n, hidden_size=H, dtype=torch.float64, **({"nonlinearity": "tanh"} if cell == "elman" else {}))
        self.lin = torch.nn.Linear(H, K, dtype=torch.float64)
        with torch.no_grad():
            self.rnn.weight_ih_l0.copy_(torch.cat([p[k].reshape(H, n) for k in b["ih"]]))
            self.rnn.weight_hh_l0.copy_(torch.cat([p[k].reshape(H, H) for k in b["hh"]]))
            self.rnn.bias_ih_l0.copy_(torch.cat([p[k] for k in b["bias"]]))
            hh = torch.zeros_like(self.rnn.bias_hh_l0)
            if cell == "gru":
                hh[2 * H:] = p["bh"]
            self.rnn.bias_hh_l0.copy_(hh)
            self.lin.weight.copy_(p["V"].reshape(K, H))
            self.lin.bias.copy_(p["c"])
        self.rnn.to(dtype)
        self.lin.to(dtype)
        self.h0 = p["h0"].to(dtype).reshape(1, 1, H).requires_grad_()
        self.s0 = p["s0"].to(dtype).reshape(1, 1, H).requires_grad_() if cell == "lstm" else None
        tau = len(case["ids"])
        self.x = torch.nn.functional.one_hot(torch.tensor(case["ids"]), n).to(dtype).reshape(tau, 1, n)
        self.y = torch.tensor(case["targets"])
        self.leaves = [*self.rnn.parameters(), *self.lin.parameters(), self.h0] + ([self.s0] if self.s0 is not None else [])

    def pass_(self):
        """One forward + BPTT pass from zeroed gradients; returns the loss tensor."""
        for t in self.leaves:
            t.grad = None
        out, _ = self.rnn(self.x, (self.h0, self.s0) if self.cell == "lstm" else self.h0)
        loss = torch.nn.functional.cross_entropy(self.lin(out.reshape(-1, self.H)), self.y, reduction="sum")
        loss.backward()
        return loss

    def grads(self):
        """dL/d(parameter) under Unroll's names, after a pass."""
        H, b = self.H, BLOCKS[self.cell]
        g = {"V": self.lin.weight.grad.flatten().tolist(), "c": self.lin.bias.grad.tolist(), "h0": self.h0.grad.flatten().tolist()}
        gih = self.rnn.weight_ih_l0.grad.reshape(len(b["ih"]), H, -1)
        ghh = self.rnn.weight_hh_l0.grad.reshape(len(b["hh"]), H, H)
        gb = self.rnn.bias_ih_l0.grad.reshape(len(b["bias"]), H)
        for i, k in enumerate(b["ih"]):
            g[k] = gih[i].flatten().tolist()
        for i, k in enumerate(b["hh"]):
            g[k] = ghh[i].flatten().tolist()
        for i, k in enumerate(b["bias"]):
            g[k] = gb[i].tolist()
        if self.cell == "gru":
            g["bh"] = self.rnn.bias_hh_l0.grad[2 * H:].tolist()
        if self.s0 is not None:
            g["s0"] = self.s0.grad.flatten().tolist()
        return g


def median(xs):
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 == 1 else (s[m - 1] + s[m]) / 2


def time_pass(fn, budget):
    """Median ms per call of fn in wall-clock and in CPU time (this process's, every thread's), as bench/timing.ts."""
    start = time.perf_counter()
    warm = 0
    while True:
        fn()
        warm += 1
        if (time.perf_counter() - start) * 1000 >= budget["warmMs"]:
            break
    batch = max(1, math.ceil(budget["sampleMs"] / ((time.perf_counter() - start) * 1000 / warm)))
    wall, cpu, passes = [], [], 0
    start = time.perf_counter()
    while (time.perf_counter() - start) < budget["seconds"] or passes < budget["minPasses"]:
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(batch):
            fn()
        cpu.append((time.process_time() - c0) * 1000 / batch)
        wall.append((time.perf_counter() - t0) * 1000 / batch)
        passes += batch
    return median(wall), median(cpu)


def run(case, configs, budget):
    result = {"loss": {}, "ms": {}, "cpuMs": {}}
    nets = {}
    for name in sorted({c["dtype"] for c in configs} | {"float64"}):
        net = nets[name] = Net(case, DTYPES[name])
        result["loss"][name] = net.pass_().item()
        if name == "float64" and case.get("grads"):
            result["grads"] = net.grads()
    if case.get("time"):
        for c in configs:
            torch.set_num_threads(c["threads"])
            key = f'{c["dtype"]}/{c["threads"]}'
            result["ms"][key], result["cpuMs"][key] = time_pass(nets[c["dtype"]].pass_, budget)
            print(f'  PyTorch {case["cell"]} H={case["sizes"]["hidden"]} {key}: {result["ms"][key]:.3f} ms', file=sys.stderr, flush=True)
    return result


def main():
    job = json.load(sys.stdin)
    for c in job["configs"]:
        if c["dtype"] not in DTYPES or not isinstance(c["threads"], int) or c["threads"] < 1:
            sys.exit(f"configs: expected dtype float64 or float32 and threads >= 1, got {json.dumps(c)}")
    print(json.dumps({"torch": torch.__version__, "cases": [run(case, job["configs"], job["budget"]) for case in job["cases"]]}))


main()
