"""pyoai 2.5.0 (the newest release) calls ``XPathEvaluator.evaluate``, which lxml 5+ no longer has (calling
the evaluator is the same thing). :func:`lxml_compatible` gives pyoai's modules an ``etree`` whose
evaluators have ``evaluate`` again, for the duration of a test session, and restores them afterwards."""

from __future__ import annotations

import types
from contextlib import contextmanager

from lxml import etree


class _Evaluator:
    def __init__(self, *args, **kwargs):
        self._evaluator = etree.XPathEvaluator(*args, **kwargs)

    def evaluate(self, path, **variables):
        return self._evaluator(path, **variables)

    __call__ = evaluate


def _etree_with_evaluate() -> types.ModuleType:
    module = types.ModuleType("lxml.etree (pyoai compatible)")
    module.__dict__.update({k: v for k, v in vars(etree).items() if not k.startswith("__")})
    module.XPathEvaluator = _Evaluator
    return module


@contextmanager
def lxml_compatible():
    from oaipmh import client, metadata

    if hasattr(etree.XPathEvaluator(etree.fromstring("<a/>")), "evaluate"):
        yield  # an lxml that still has evaluate(): nothing to do
        return
    saved = client.etree, metadata.etree
    client.etree = metadata.etree = _etree_with_evaluate()
    try:
        yield
    finally:
        client.etree, metadata.etree = saved
