"""Train the poem station's neural character model and export it to ONNX (a ``[train]`` extra: JAX, optax,
onnx; the station itself runs the export with ONNX Runtime only, :mod:`exhibits.poems.neural`).

    nice -n 19 python -m exhibits.poems.neural_train --out exhibits/poems/weights --minutes 45

Data: the regulated corpus (:func:`exhibits.poems.corpus.load_corpus`), the ``--vocab`` most frequent
characters (the rest are UNK). Each line is given a keyword taken from the line itself (a character
weighted by its rarity, at times with its neighbour, at times none), so the model learns to write a line
around a planned keyword; the poet (station poets, else "another poet") and the form condition every step.

The model (one GRU layer; the embedding is tied to the output)::

    x = [E[token]; sum of the six condition rows C[cond]]
    h' = GRU(x, h);  logp = log_softmax(tanh(h' Wo + bo) Eᵀ + bv)

Training stops after ``--epochs`` or ``--minutes`` (the learning-rate schedule is fitted to whichever comes
first, measured on the first steps); the weights with the best held-out loss are kept in ``checkpoint.npz``
(written every ``--checkpoint-minutes``) and exported at the end (``--export-only`` exports a checkpoint).
"""

from __future__ import annotations

import argparse
import json
import math
import shlex
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from exhibits.poems.neural import (
    BOS,
    EOL,
    FORMS,
    NEURAL_FORMAT,
    PAD,
    SPECIALS,
    STOP_CHARACTERS,
    UNK,
    cond_offsets,
    form_index,
    poet_group,
)


# -- data --------------------------------------------------------------------------------------------------
def vocabulary(poems, size: int) -> list[str]:
    counts = Counter(c for poem in poems for line in poem.lines for c in line)
    return [c for c, _ in counts.most_common(size)]


def line_keyword(line: str, ids: dict[str, int], weight: dict[str, float], rng) -> tuple[int, int]:
    """A training line's keyword: one of its characters by rarity weight (a stop character never), with its
    right neighbour a third of the time; no keyword one line in ten."""
    choices = [i for i, c in enumerate(line) if weight.get(c, 0.0) > 0]
    if not choices or rng.random() < 0.1:
        return PAD, PAD
    cumulative = np.cumsum([weight[line[i]] for i in choices])
    at = choices[min(int(np.searchsorted(cumulative, rng.random() * cumulative[-1])), len(choices) - 1)]
    first = ids.get(line[at], UNK)
    if at + 1 < len(line) and rng.random() < 0.33 and line[at + 1] in ids:
        return first, ids[line[at + 1]]
    return first, PAD


def keyword_weights(poems, chars: list[str]) -> dict[str, float]:
    document = Counter(c for poem in poems for line in poem.lines for c in set(line))
    lines = sum(len(poem.lines) for poem in poems)
    stop = set(chars[:STOP_CHARACTERS])
    return {c: math.log(lines / document[c]) ** 2 for c in chars if c not in stop and document[c]}


def encode_poems(poems, chars: list[str], seed: int = 0) -> dict[tuple[int, int], dict[str, np.ndarray]]:
    """Per form: inputs [N, T], targets [N, T], cond [N, T, 6], loss mask [N, T] (line ends excluded)."""
    ids = {c: i + SPECIALS for i, c in enumerate(chars)}
    vocab = len(chars) + SPECIALS
    weight = keyword_weights(poems, chars)
    offsets = cond_offsets(vocab)
    rng = np.random.default_rng(seed)
    buckets: dict[tuple[int, int], list] = {shape: [] for shape in FORMS}
    for poem in poems:
        shape = (len(poem.lines[0]), len(poem.lines))
        if shape not in buckets:
            continue
        form, group = form_index(*shape), poet_group(poem.author)
        inputs, targets, cond, mask = [], [], [], []
        token = BOS
        for number, line in enumerate(poem.lines):
            keyword = line_keyword(line, ids, weight, rng)
            line_ids = [ids.get(c, UNK) for c in line] + [EOL]
            inputs.append(token)
            inputs.extend(line_ids[:-1])
            targets.extend(line_ids)
            cond.extend([keyword[0], keyword[1], offsets["form"] + form, offsets["poet"] + group,
                         offsets["line"] + number, offsets["position"] + position] for position in range(len(line) + 1))
            mask.extend([True] * len(line) + [False])
            token = EOL
        buckets[shape].append((inputs, targets, cond, mask))
    out = {}
    for shape, rows in buckets.items():
        if rows:
            out[shape] = {"inputs": np.array([r[0] for r in rows], np.int32),
                          "targets": np.array([r[1] for r in rows], np.int32),
                          "cond": np.array([r[2] for r in rows], np.int32),
                          "mask": np.array([r[3] for r in rows], np.float32)}
    return out


# -- model -------------------------------------------------------------------------------------------------
def init_params(vocab: int, embed: int, cond_dim: int, hidden: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    cond_rows = cond_offsets(vocab)["size"]
    x = embed + cond_dim

    def uniform(shape, fan_in):
        bound = 1.0 / math.sqrt(fan_in)
        return rng.uniform(-bound, bound, shape).astype(np.float32)

    return {"E": (rng.normal(0, 0.05, (vocab, embed))).astype(np.float32),
            "C": (rng.normal(0, 0.05, (cond_rows, cond_dim))).astype(np.float32),
            "Wi": uniform((x, 3 * hidden), x), "bi": np.zeros(3 * hidden, np.float32),
            "Wh": uniform((hidden, 3 * hidden), hidden), "bh": np.zeros(3 * hidden, np.float32),
            "Wo": uniform((hidden, embed), hidden), "bo": np.zeros(embed, np.float32),
            "bv": np.zeros(vocab, np.float32)}


def gru_cell(jnp, params, x, h):
    hidden = h.shape[-1]
    gi = x @ params["Wi"] + params["bi"]
    gh = h @ params["Wh"] + params["bh"]
    r = _sigmoid(jnp, gi[..., :hidden] + gh[..., :hidden])
    z = _sigmoid(jnp, gi[..., hidden:2 * hidden] + gh[..., hidden:2 * hidden])
    n = jnp.tanh(gi[..., 2 * hidden:] + r * gh[..., 2 * hidden:])
    return (1 - z) * n + z * h


def _sigmoid(jnp, v):
    return 1 / (1 + jnp.exp(-v))


def step_numpy(params, token, cond, state):
    """The exported step in numpy (the reference the ONNX graph is checked against)."""
    x = np.concatenate([params["E"][token], params["C"][cond].sum(axis=1)], axis=1)
    h = gru_cell(np, params, x, state)
    logits = np.tanh(h @ params["Wo"] + params["bo"]) @ params["E"].T + params["bv"]
    logits = logits - logits.max(axis=1, keepdims=True)
    return logits - np.log(np.exp(logits).sum(axis=1, keepdims=True)), h


def make_functions(hidden: int):
    import jax
    import jax.numpy as jnp

    def loss_fn(params, inputs, targets, cond, mask):
        x = jnp.concatenate([params["E"][inputs], params["C"][cond].sum(axis=2)], axis=2)  # [B, T, X]
        h0 = jnp.zeros((inputs.shape[0], hidden), jnp.float32)

        def scan(h, xt):
            h = gru_cell(jnp, params, xt, h)
            return h, h

        _, hs = jax.lax.scan(scan, h0, jnp.swapaxes(x, 0, 1))  # [T, B, H]
        hs = jnp.swapaxes(hs, 0, 1)
        logits = jnp.tanh(hs @ params["Wo"] + params["bo"]) @ params["E"].T + params["bv"]
        logp = jax.nn.log_softmax(logits, axis=-1)
        picked = jnp.take_along_axis(logp, targets[..., None], axis=-1)[..., 0]
        return -(picked * mask).sum() / mask.sum()

    return jax.jit(loss_fn), jax.value_and_grad(loss_fn)


@dataclass(frozen=True)
class TrainSettings:
    """The model's sizes and the training run's schedule (``minutes`` stops it early, fitting the schedule)."""

    vocab_size: int = 7000
    embed: int = 256
    cond_dim: int = 128
    hidden: int = 384
    batch: int = 128
    epochs: float = 1.0
    minutes: float | None = None
    lr: float = 2e-3
    checkpoint_minutes: float = 4.0
    held_out: int = 1000
    seed: int = 0


def train(poems, out: Path, settings: TrainSettings = TrainSettings(), *, command: str = "",
          echo=print) -> dict:
    """Train on ``poems``, export ``out/neural.onnx`` and ``out/neural.json``; returns the summary."""
    vocab_size, embed, cond_dim, hidden = settings.vocab_size, settings.embed, settings.cond_dim, settings.hidden
    batch, epochs, minutes, lr = settings.batch, settings.epochs, settings.minutes, settings.lr
    checkpoint_minutes, held_out, seed = settings.checkpoint_minutes, settings.held_out, settings.seed
    import jax
    import optax

    started = time.time()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    poems = [p for p in poems if (len(p.lines[0]), len(p.lines)) in FORMS]
    order = np.random.default_rng(seed).permutation(len(poems))
    held_out = min(held_out, len(poems) // 10)
    valid = [poems[i] for i in order[:held_out]]
    training = [poems[i] for i in order[held_out:]]
    chars = vocabulary(training, vocab_size)
    vocab = len(chars) + SPECIALS
    data = encode_poems(training, chars, seed)
    valid_data = encode_poems(valid, chars, seed + 1)
    sizes = {k: len(v["inputs"]) for k, v in data.items()}
    echo(f"{len(training)} training poems ({sizes}), {held_out} held out, {len(chars)} characters;"
         f" encoded in {time.time() - started:.0f} s")
    rng = np.random.default_rng(seed)
    batches = [(shape, start) for shape, n in sizes.items() for start in range(0, n - batch + 1, batch)]
    if not batches:  # tiny corpora: one batch a form
        batches = [(shape, 0) for shape in sizes]
    epoch_steps = len(batches)
    planned = max(1, int(epochs * epoch_steps))
    initial = init_params(vocab, embed, cond_dim, hidden, seed)
    counts = sum(np.bincount(a["targets"].reshape(-1), weights=a["mask"].reshape(-1), minlength=vocab)
                 for a in data.values())
    initial["bv"] = np.log((counts + 1.0) / (counts.sum() + vocab)).astype(np.float32)  # start at the unigram
    params = {k: jax.numpy.asarray(v) for k, v in initial.items()}
    loss_eval, value_and_grad = make_functions(hidden)
    meta = {"format": NEURAL_FORMAT, "chars": chars, "embed": embed, "cond_dim": cond_dim, "hidden": hidden,
            "vocab": vocab, "poems": len(training), "command": command}

    def schedule_for(total):
        warm = max(1, min(200, total // 20))
        return optax.warmup_cosine_decay_schedule(0.0, lr, warm, max(total, warm + 1), lr * 0.05)

    state = {"total": planned}
    optimizer = optax.chain(optax.clip_by_global_norm(1.0), optax.scale_by_adam())
    opt_state = optimizer.init(params)

    @jax.jit
    def update(params, opt_state, inputs, targets, cond, mask, rate):
        loss, grads = value_and_grad(params, inputs, targets, cond, mask)
        updates, opt_state = optimizer.update(grads, opt_state, params)
        updates = jax.tree_util.tree_map(lambda u: -rate * u, updates)
        return optax.apply_updates(params, updates), opt_state, loss

    def validate(params) -> float:
        total, weight = 0.0, 0.0
        for _, arrays in valid_data.items():
            for start in range(0, len(arrays["inputs"]), 256):
                part = {k: v[start:start + 256] for k, v in arrays.items()}
                n = float(part["mask"].sum())
                total += float(loss_eval(params, part["inputs"], part["targets"], part["cond"], part["mask"])) * n
                weight += n
        return total / max(weight, 1.0)

    best = {"loss": math.inf, "step": 0}

    def checkpoint(params, step):
        loss = validate(params)
        echo(f"step {step}/{state['total']}: held-out loss {loss:.3f} ({time.time() - started:.0f} s)")
        if loss < best["loss"]:
            best.update(loss=loss, step=step)
            np.savez(out / "checkpoint.npz", **{k: np.asarray(v) for k, v in params.items()})
            (out / "checkpoint.json").write_text(json.dumps({**meta, "step": step, "held_out_loss": loss},
                                                            ensure_ascii=False))

    step, last_checkpoint, deadline = 0, time.time(), started + minutes * 60 if minutes else None
    timed = (0, time.time())
    losses: list[float] = []
    while step < state["total"]:
        for index in rng.permutation(len(batches)):
            shape, start = batches[index]
            arrays = data[shape]
            picked = slice(start, start + batch)
            params, opt_state, loss = update(params, opt_state, arrays["inputs"][picked],
                                             arrays["targets"][picked], arrays["cond"][picked],
                                             arrays["mask"][picked],
                                             np.float32(schedule_for(state["total"])(step)))
            step += 1
            losses.append(float(loss))
            if step == 20:  # compiled for every form by now: time the steps from here
                timed = (step, time.time())
            if deadline and step >= 40 and step % 20 == 0:  # fit the schedule to the time left
                per_step = (time.time() - timed[1]) / (step - timed[0])
                affordable = int(step + (deadline - time.time() - 90) / per_step)
                state["total"] = max(step + 1, min(planned, affordable))
                if step % 200 == 0 or step == 40:
                    echo(f"{per_step:.2f} s a step: {state['total']} steps planned"
                         f" ({state['total'] / epoch_steps:.2f} epochs)")
            if step % 100 == 0:
                echo(f"step {step}: training loss {np.mean(losses[-100:]):.3f}")
            if time.time() - last_checkpoint > checkpoint_minutes * 60:
                checkpoint(params, step)
                last_checkpoint = time.time()
            if step >= state["total"] or (deadline and time.time() > deadline):
                state["total"] = step
                break
    checkpoint(params, step)
    meta.update(steps=best["step"], epochs=round(best["step"] / epoch_steps, 3), held_out_loss=best["loss"],
                seconds=round(time.time() - started))
    export(out, meta)
    echo(f"exported {out / 'neural.onnx'} (held-out loss {best['loss']:.3f} at step {best['step']})")
    return meta


# -- export ------------------------------------------------------------------------------------------------
def export(folder: Path, meta: dict | None = None) -> None:
    """Write ``neural.onnx`` (the single step) and ``neural.json`` from ``checkpoint.npz``."""
    folder = Path(folder)
    params = dict(np.load(folder / "checkpoint.npz"))
    meta = meta or json.loads((folder / "checkpoint.json").read_text(encoding="utf-8"))
    meta = {k: v for k, v in meta.items() if k not in ("step",)}
    (folder / "neural.onnx").write_bytes(build_graph(params).SerializeToString())
    (folder / "neural.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def build_graph(params: dict[str, np.ndarray]):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    hidden = params["Wh"].shape[0]
    vocab = params["E"].shape[0]
    inits = [numpy_helper.from_array(np.ascontiguousarray(v.astype(np.float32)), k) for k, v in params.items()]
    inits += [numpy_helper.from_array(np.ascontiguousarray(params["E"].T.astype(np.float32)), "Et"),
              numpy_helper.from_array(np.array([1], np.int64), "axis1"),
              numpy_helper.from_array(np.array([hidden, hidden, hidden], np.int64), "splits")]
    node = helper.make_node
    nodes = [
        node("Gather", ["E", "token"], ["emb"], axis=0),
        node("Gather", ["C", "cond"], ["cond_rows"], axis=0),
        node("ReduceSum", ["cond_rows", "axis1"], ["cond_sum"], keepdims=0),
        node("Concat", ["emb", "cond_sum"], ["x"], axis=1),
        node("MatMul", ["x", "Wi"], ["gi0"]), node("Add", ["gi0", "bi"], ["gi"]),
        node("MatMul", ["state", "Wh"], ["gh0"]), node("Add", ["gh0", "bh"], ["gh"]),
        node("Split", ["gi", "splits"], ["i_r", "i_z", "i_n"], axis=1),
        node("Split", ["gh", "splits"], ["h_r", "h_z", "h_n"], axis=1),
        node("Add", ["i_r", "h_r"], ["r0"]), node("Sigmoid", ["r0"], ["r"]),
        node("Add", ["i_z", "h_z"], ["z0"]), node("Sigmoid", ["z0"], ["z"]),
        node("Mul", ["r", "h_n"], ["rh"]), node("Add", ["i_n", "rh"], ["n0"]), node("Tanh", ["n0"], ["n"]),
        node("Sub", ["state", "n"], ["hn"]), node("Mul", ["z", "hn"], ["zhn"]),
        node("Add", ["n", "zhn"], ["next_state"]),  # (1 - z) n + z h = n + z (h - n)
        node("MatMul", ["next_state", "Wo"], ["o0"]), node("Add", ["o0", "bo"], ["o1"]), node("Tanh", ["o1"], ["o"]),
        node("MatMul", ["o", "Et"], ["l0"]), node("Add", ["l0", "bv"], ["logits"]),
        node("LogSoftmax", ["logits"], ["logp"], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "poem_step",
        [helper.make_tensor_value_info("token", TensorProto.INT64, ["B"]),
         helper.make_tensor_value_info("cond", TensorProto.INT64, ["B", 6]),
         helper.make_tensor_value_info("state", TensorProto.FLOAT, ["B", hidden])],
        [helper.make_tensor_value_info("logp", TensorProto.FLOAT, ["B", vocab]),
         helper.make_tensor_value_info("next_state", TensorProto.FLOAT, ["B", hidden])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], producer_name="museum-poems")
    model.ir_version = 9
    onnx.checker.check_model(model)
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="node_modules/chinese-poetry")
    parser.add_argument("--out", default="exhibits/poems/weights")
    parser.add_argument("--slice", type=int, default=None, help="a small slice of the corpus (tests)")
    parser.add_argument("--vocab", type=int, default=7000)
    parser.add_argument("--embed", type=int, default=256)
    parser.add_argument("--cond", type=int, default=128)
    parser.add_argument("--hidden", type=int, default=384)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--minutes", type=float, default=None)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-poems", type=int, default=None,
                        help="every poem of the station poets and a random sample of the others, this many in all")
    parser.add_argument("--export-only", action="store_true", help="export out/checkpoint.npz and stop")
    args = parser.parse_args(argv)
    if args.export_only:
        export(Path(args.out))
        return 0
    from exhibits.poems.corpus import load_corpus

    poems = load_corpus(Path(args.corpus), args.slice)
    if args.max_poems and len(poems) > args.max_poems:
        from exhibits.poems.corpus import POETS

        own = [p for p in poems if p.author in POETS]
        others = [p for p in poems if p.author not in POETS]
        keep = np.random.default_rng(args.seed).permutation(len(others))[:max(0, args.max_poems - len(own))]
        poems = own + [others[i] for i in sorted(keep)]
    command = "nice -n 19 python -m exhibits.poems.neural_train " + " ".join(shlex.quote(a) for a in
                                                                          (argv if argv is not None else sys.argv[1:]))
    settings = TrainSettings(vocab_size=args.vocab, embed=args.embed, cond_dim=args.cond, hidden=args.hidden,
                             batch=args.batch, epochs=args.epochs, minutes=args.minutes, lr=args.lr, seed=args.seed)
    train(poems, Path(args.out), settings, command=command, echo=lambda *a: print(*a, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
