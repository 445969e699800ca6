"""Train the poem station's neural character model and export it to ONNX (a ``[train]`` extra: JAX, optax,
onnx; the station itself runs the export with ONNX Runtime only, :mod:`exhibits.poems.neural`).

    nice -n 19 python -m exhibits.poems.neural_train --out exhibits/poems/weights --minutes 45

Data: the regulated corpus (:func:`exhibits.poems.corpus.load_corpus`), the ``--vocab`` most frequent
characters, each line with a keyword taken from itself (:mod:`exhibits.poems.neural_data`). The model, one
GRU layer whose embedding is tied to the output, is exported as its single step to ONNX
(:mod:`exhibits.poems.neural_export`); this module holds its parameters and the optimisation loop.

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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from exhibits.poems.neural import FORMS, NEURAL_FORMAT, SPECIALS, cond_offsets
from exhibits.poems.neural_data import encode_poems, vocabulary
from exhibits.poems.neural_export import export, gru_cell


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
    """The model's sizes and the training run's schedule (``minutes`` stops it early, fitting the
    schedule)."""

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
    vocab_size, embed = settings.vocab_size, settings.embed
    cond_dim, hidden = settings.cond_dim, settings.hidden
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
                part_loss = loss_eval(params, part["inputs"], part["targets"], part["cond"], part["mask"])
                total += float(part_loss) * n
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
    parser.add_argument("--held-out", type=int, default=1000, help="poems held out (at most a tenth)")
    parser.add_argument("--checkpoint-minutes", type=float, default=4.0)
    parser.add_argument("--max-poems", type=int, default=None,
                        help="every poem of the station poets and a random sample of the others,"
                             " this many in all")
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
    given = argv if argv is not None else sys.argv[1:]
    command = "nice -n 19 python -m exhibits.poems.neural_train " + " ".join(shlex.quote(a) for a in given)
    settings = TrainSettings(vocab_size=args.vocab, embed=args.embed, cond_dim=args.cond, hidden=args.hidden,
                             batch=args.batch, epochs=args.epochs, minutes=args.minutes, lr=args.lr,
                             seed=args.seed, held_out=args.held_out,
                             checkpoint_minutes=args.checkpoint_minutes)
    train(poems, Path(args.out), settings, command=command, echo=lambda *a: print(*a, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
