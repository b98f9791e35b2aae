"""A small decoder-only transformer over the logic expressions' tokens, trained from scratch on
CPU every generation (the paper's nanoGPT, scaled down): `collapse logic --model transformer`.

torch is an optional extra (`pip install 'replayproof[neural]'`) and is imported here only,
lazily, when a model is fitted. The mathematics, the scale-down and the measured cost are in
docs/collapse.md (section 2, "The transformer").
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from .logic import EOS, VOCAB

EXTRA = "neural"
#: The wheel the extra pins (the CPU build; an unpinned torch may pull a multi-GB CUDA build).
TORCH_PIN = "torch==2.13.0"


class MissingExtra(RuntimeError):
    """torch is not installed: the message names the extra to install."""


def require_torch() -> Any:
    """Import torch, or raise MissingExtra with the one-line install hint."""
    try:
        import torch
    except ImportError:
        raise MissingExtra(f"--model transformer needs PyTorch: pip install "
                           f"'replayproof[{EXTRA}]' (or pip install {TORCH_PIN})") from None
    return torch


def available() -> bool:
    """True when torch can be imported."""
    try:
        require_torch()
    except MissingExtra:
        return False
    return True


@dataclass(frozen=True)
class TransformerSpec:
    """Size and training schedule of the transformer; `fit` trains one from scratch.

    The paper's GPT has 6 layers, 6 heads, 384 dimensions (10.6M parameters); the defaults here
    (4 layers, 4 heads, 64 dimensions, 217,544 parameters) train on one CPU core in about a
    minute. A generation is `steps` AdamW steps (nanoGPT's fixed iteration budget, so a growing
    training set costs no more per generation), each on a batch of expressions of similar
    length with about `batch_tokens` tokens, the learning rate warmed up over the first 10% of
    the steps and cosine-decayed to 10%. 1000 steps: 92% of samples parse at generation 0.
    """

    layers: int = 4
    heads: int = 4
    dim: int = 64
    steps: int = 1000
    batch_tokens: int = 2048
    lr: float = 3e-3
    weight_decay: float = 0.01
    threads: int = 1
    sample_batch: int = 2000

    name = "transformer"

    def __post_init__(self) -> None:
        if self.layers < 1 or self.heads < 1 or self.dim < self.heads or self.dim % self.heads:
            raise ValueError("transformer: dim must be a positive multiple of heads")
        if self.steps < 1 or self.batch_tokens < 256 or self.threads < 1 or self.sample_batch < 1:
            raise ValueError("transformer: steps, threads >= 1, batch-tokens >= 256")
        if not (0 < self.lr < 1):
            raise ValueError("transformer: learning rate must be in (0, 1)")

    def describe(self) -> str:
        """One line for the report header."""
        return (f"transformer {self.layers} layers x {self.heads} heads x {self.dim} dims, "
                f"{self.parameter_count(256):,} parameters, {self.steps} steps x {self.batch_tokens} "
                f"tokens per generation, {self.threads} thread(s)")

    def parameter_count(self, max_len: int) -> int:
        """Trainable parameters for sequences of up to `max_len` tokens (closed form)."""
        d, L = self.dim, self.layers
        block = max_len + 1
        per_layer = 2 * 2 * d + (3 * d * d + 3 * d) + (d * d + d) + (4 * d * d + 4 * d) \
            + (4 * d * d + d)
        return VOCAB * d + block * d + L * per_layer + 2 * d + (d * VOCAB + VOCAB)

    def info(self, max_len: int) -> dict[str, Any]:
        """What the JSON reports about the model."""
        return {"model": self.name, "layers": self.layers, "heads": self.heads, "dim": self.dim,
                "parameters": self.parameter_count(max_len), "steps": self.steps,
                "batch_tokens": self.batch_tokens, "lr": self.lr, "weight_decay": self.weight_decay,
                "threads": self.threads, "trained": "from scratch every generation"}

    def fit(self, data: Sequence[Sequence[int]], max_depth: int, rng: np.random.Generator,
            max_len: int, cache: dict[Any, Any] | None = None) -> "TransformerModel":
        """Train a new model on `data` (token tuples without <eos>); seeded by `rng`."""
        torch = require_torch()
        torch.set_num_threads(self.threads)
        seed = int(rng.integers(0, 2 ** 62))
        torch.manual_seed(seed)
        block = max_len + 1          # positions 0 (the <eos> prompt) .. max_len
        net = _build(torch, self, block)
        seqs = [tuple(s) for s in data]
        if not seqs:
            raise ValueError("transformer: empty training set")
        # One expression per row, <eos> e <eos>; rows of similar length are batched together
        # (sorted by length, random order among equal lengths) so little is spent on padding.
        lengths = np.array([len(x) + 2 for x in seqs])
        by_len = np.lexsort((rng.random(len(seqs)), lengths))
        chunks: list[np.ndarray] = []
        first = 0
        for i in range(1, len(by_len) + 1):
            if i == len(by_len) or (i + 1 - first) * lengths[by_len[i]] > self.batch_tokens:
                chunks.append(by_len[first:i])
                first = i
        # a chunk is drawn with probability proportional to its tokens and its loss is the mean
        # over them, so the expected gradient is the mean over every token of the data set
        weights = np.array([lengths[c].sum() - len(c) for c in chunks], dtype=float)
        weights /= weights.sum()
        padded = [_pad(seqs, c, int(lengths[c].max())) for c in chunks]
        opt = torch.optim.AdamW(net.parameters(), lr=self.lr, betas=(0.9, 0.99),
                                weight_decay=self.weight_decay)
        warm = max(1, self.steps // 10)
        net.train()
        for step in range(self.steps):
            scale = (step + 1) / warm if step < warm else \
                0.1 + 0.45 * (1 + math.cos(math.pi * (step - warm) / max(1, self.steps - warm)))
            for group in opt.param_groups:
                group["lr"] = self.lr * scale
            win = padded[int(rng.choice(len(chunks), p=weights))]
            logits = net(win[:, :-1].clamp(min=0))     # padding enters as '(' and is ignored
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, VOCAB),
                                                     win[:, 1:].reshape(-1), ignore_index=-100)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
        net.eval()
        return TransformerModel(spec=self, net=net, final_loss=float(loss.item()))


@dataclass(frozen=True)
class TransformerModel:
    """A trained network; `sample` draws expressions at a temperature (KV-cached)."""

    spec: TransformerSpec
    net: Any
    final_loss: float

    def sample(self, rng: np.random.Generator, count: int, temperature: float,
               max_len: int) -> list[tuple[int, ...]]:
        """Draw `count` sequences; one cut at max_len ends in -1 (as NGramModel.sample)."""
        torch = require_torch()
        torch.set_num_threads(self.spec.threads)
        gen = torch.Generator().manual_seed(int(rng.integers(0, 2 ** 62)))
        out: list[tuple[int, ...]] = []
        with torch.no_grad():
            for start in range(0, count, self.spec.sample_batch):
                m = min(self.spec.sample_batch, count - start)
                out.extend(_sample_batch(torch, self.net, gen, m, temperature, max_len))
        return out


def _sample_batch(torch: Any, net: Any, gen: Any, m: int, temperature: float,
                  max_len: int) -> list[tuple[int, ...]]:
    """Autoregressive sampling of m sequences with a key/value cache that grows as needed;
    finished rows are dropped from the batch once a quarter of it has finished."""
    tokens = torch.full((m, max_len), EOS, dtype=torch.long)
    lengths = torch.full((m,), -1, dtype=torch.long)       # -1: cut at max_len
    rows = torch.arange(m)                                  # original row of each batch row
    live = torch.ones(m, dtype=torch.bool)
    cache = net.new_cache(m, min(64, max_len))
    inp = torch.full((m,), EOS, dtype=torch.long)
    for pos in range(max_len):
        if pos == cache[0][0].shape[2]:
            cache = [(_grow(torch, k), _grow(torch, v)) for k, v in cache]
        logits = net.step(inp, pos, cache)
        probs = torch.softmax(logits / temperature, dim=-1)
        tok = torch.multinomial(probs, 1, generator=gen).squeeze(1)
        tokens[rows[live], pos] = tok[live]
        done = live & (tok == EOS)
        lengths[rows[done]] = pos
        live &= ~done
        n_live = int(live.sum())
        if n_live == 0:
            break
        if n_live < 0.75 * len(rows):
            keep = live
            rows, tok, live = rows[keep], tok[keep], live[keep]
            cache = [(k[keep], v[keep]) for k, v in cache]
        inp = tok
    out = []
    for row, n in zip(tokens.tolist(), lengths.tolist()):
        out.append(tuple(row[:n]) if n >= 0 else tuple(row) + (-1,))
    return out


def _pad(seqs: Sequence[tuple[int, ...]], idx: np.ndarray, width: int) -> Any:
    """Rows <eos> e <eos> padded with -100 (ignored by the loss) as a torch tensor."""
    import torch
    out = np.full((len(idx), width), -100, dtype=np.int64)
    for row, i in enumerate(idx):
        out[row, :len(seqs[i]) + 2] = (EOS,) + seqs[i] + (EOS,)
    return torch.from_numpy(out)


def _grow(torch: Any, t: Any) -> Any:
    """Double a cache tensor along the position axis."""
    return torch.cat([t, torch.zeros_like(t)], dim=2)


def _build(torch: Any, spec: TransformerSpec, block: int) -> Any:
    """The network: token + position embeddings, pre-norm blocks, a linear head."""
    nn = torch.nn
    F = torch.nn.functional

    class Block(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.ln1 = nn.LayerNorm(spec.dim)
            self.qkv = nn.Linear(spec.dim, 3 * spec.dim)
            self.proj = nn.Linear(spec.dim, spec.dim)
            self.ln2 = nn.LayerNorm(spec.dim)
            self.up = nn.Linear(spec.dim, 4 * spec.dim)
            self.down = nn.Linear(4 * spec.dim, spec.dim)

        def heads(self, t: Any) -> Any:
            b, n, _ = t.shape
            return t.view(b, n, spec.heads, spec.dim // spec.heads).transpose(1, 2)

        def forward(self, x: Any) -> Any:
            q, k, v = self.qkv(self.ln1(x)).split(spec.dim, dim=2)
            a = F.scaled_dot_product_attention(self.heads(q), self.heads(k), self.heads(v),
                                               is_causal=True)
            x = x + self.proj(a.transpose(1, 2).reshape(x.shape))
            return x + self.down(F.gelu(self.up(self.ln2(x))))

        def step(self, x: Any, pos: int, kv: tuple[Any, Any]) -> Any:
            """One new position per row, attending to the cached keys and values."""
            q, k, v = self.qkv(self.ln1(x)).split(spec.dim, dim=2)
            kc, vc = kv
            kc[:, :, pos] = self.heads(k)[:, :, 0]
            vc[:, :, pos] = self.heads(v)[:, :, 0]
            a = F.scaled_dot_product_attention(self.heads(q), kc[:, :, :pos + 1],
                                               vc[:, :, :pos + 1])
            x = x + self.proj(a.transpose(1, 2).reshape(x.shape))
            return x + self.down(F.gelu(self.up(self.ln2(x))))

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.tok = nn.Embedding(VOCAB, spec.dim)
            self.pos = nn.Embedding(block, spec.dim)
            self.blocks = nn.ModuleList(Block() for _ in range(spec.layers))
            self.ln = nn.LayerNorm(spec.dim)
            self.head = nn.Linear(spec.dim, VOCAB)
            for mod in self.modules():
                if isinstance(mod, (nn.Linear, nn.Embedding)):
                    nn.init.normal_(mod.weight, std=0.02)
                    if isinstance(mod, nn.Linear) and mod.bias is not None:
                        nn.init.zeros_(mod.bias)

        def forward(self, idx: Any) -> Any:
            x = self.tok(idx) + self.pos(torch.arange(idx.shape[1]))
            for b in self.blocks:
                x = b(x)
            return self.head(self.ln(x))

        def new_cache(self, m: int, length: int) -> list[tuple[Any, Any]]:
            shape = (m, spec.heads, length, spec.dim // spec.heads)
            return [(torch.zeros(shape), torch.zeros(shape)) for _ in self.blocks]

        def step(self, inp: Any, pos: int, cache: list[tuple[Any, Any]]) -> Any:
            x = (self.tok(inp) + self.pos.weight[pos])[:, None, :]
            for b, kv in zip(self.blocks, cache):
                x = b.step(x, pos, kv)
            return self.head(self.ln(x))[:, 0]

    return Net()
