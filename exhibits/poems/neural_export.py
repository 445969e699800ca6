"""The neural poem model's single step, as the station runs it: a numpy reference (:func:`step_numpy`) and
the ONNX graph it is exported to (:func:`build_graph`, :func:`export`; needs ``onnx``, a ``[train]`` extra).
The training loss (:mod:`exhibits.poems.neural_train`) unrolls the same :func:`gru_cell`.

One GRU layer; the embedding is tied to the output::

    x = [E[token]; sum of the six condition rows C[cond]]
    h' = GRU(x, h);  logp = log_softmax(tanh(h' Wo + bo) Eᵀ + bv)
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np


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
    inits = [numpy_helper.from_array(np.ascontiguousarray(v.astype(np.float32)), k)
             for k, v in params.items()]
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
        node("MatMul", ["next_state", "Wo"], ["o0"]), node("Add", ["o0", "bo"], ["o1"]),
        node("Tanh", ["o1"], ["o"]),
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
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)],
                              producer_name="museum-poems")
    model.ir_version = 9
    onnx.checker.check_model(model)
    return model
