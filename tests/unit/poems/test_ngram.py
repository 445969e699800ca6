"""The numpy n-gram models: proper distributions, batch = single, poets back off to the corpus."""

from __future__ import annotations

import numpy as np

from exhibits.poems import ngram


def _sequences():
    rng = np.random.default_rng(1)
    return [np.concatenate([[0, 0, 0], rng.integers(2, 30, size=20)]) for _ in range(200)]


def test_kneser_ney_distributions_sum_to_one():
    levels = ngram.train_kneser_ney(_sequences(), 4, 0)
    base = np.full(30, 1 / 30)
    for context in ([0, 0, 0], [0, 0, 0, 5], [3, 4, 5], [29, 29, 29]):
        p = ngram.distribution(levels, context, base)
        assert abs(p.sum() - 1) < 1e-6 and (p > 0).all()


def test_batch_single_and_scalar_agree():
    levels = ngram.train_kneser_ney(_sequences(), 4, 0)
    base = np.full(30, 1 / 30)
    contexts = [[0, 0, 0], [0, 0, 0, 7], [3, 4, 5, 6]]
    batch = ngram.distribution_batch(levels, contexts, base)
    for row, context in enumerate(contexts):
        single = ngram.distribution(levels, context, base)
        assert np.allclose(batch[row], single)
        assert np.isclose(ngram.probability(levels, context, 9, 1 / 30), single[9])


def test_poet_model_backs_off_to_its_base():
    poet = [np.array([0, 0, 0, 5, 6, 7, 5, 6, 7])]
    levels = ngram.train_absolute(poet, 4, 0)
    base = np.full(30, 1 / 30)
    p = ngram.distribution(levels, [0, 0, 0, 5], base)
    assert abs(p.sum() - 1) < 1e-6
    assert p[6] > 0.5 and p[20] > 0  # the poet's habit dominates, unseen tokens keep base mass


def test_subset_distribution_matches_the_full_one():
    levels = ngram.train_kneser_ney(_sequences(), 4, 0)
    poet = ngram.train_absolute(_sequences()[:5], 4, 0)
    base = np.full(30, 1 / 30)
    subset = np.array([2, 5, 9, 17, 29])
    for context in ([0, 0, 0], [0, 0, 0, 7], [3, 4, 5, 6]):
        full = ngram.distribution(levels, context, base)
        part = ngram.subset_distribution(levels, context, subset, base[subset], 30)
        assert np.allclose(part, full[subset])
        styled = ngram.distribution(poet, context, full)
        assert np.allclose(ngram.subset_distribution(poet, context, subset, part, 30), styled[subset])
    assert set(ngram.followers(levels, [3, 4, 5, 6], 1)) <= set(range(2, 30))


def test_probability_batch_matches_the_scalar_lookup():
    levels = ngram.train_kneser_ney(_sequences(), 4, 0)
    rng = np.random.default_rng(2)
    contexts = np.concatenate([np.zeros((3, 3), dtype=np.int64), rng.integers(2, 30, size=(40, 3))])
    tokens = rng.integers(2, 30, size=len(contexts))
    batch = ngram.probability_batch(levels, contexts, tokens, 1 / 30)
    single = [ngram.probability(levels, list(c), int(t), 1 / 30)
              for c, t in zip(contexts, tokens, strict=True)]
    assert np.allclose(batch, single)


def test_low_orders_reproduce_the_first_two_levels():
    levels = ngram.train_kneser_ney(_sequences(), 4, 0)
    base = np.full(30, 1 / 30)
    for token in (0, 5, 29):
        gain, add, found, followers = ngram.low_orders(levels, token, 30)
        assert np.allclose(base * gain + add, ngram.distribution(levels[:2], [token], base))
        assert found == (len(ngram.followers(levels, [token], 1)) > 0)
        seen = ngram.followers(levels, [token], 1)
        assert sorted(followers.tolist()) == sorted(seen.tolist())
        if found:  # most probable (largest level-1 mass) first
            level = levels[1]
            i = int(np.searchsorted(level.ctx_keys, token))
            mass = dict(zip(level.fol_ids[level.ctx_start[i]:level.ctx_start[i + 1]].tolist(),
                            level.fol_mass[level.ctx_start[i]:level.ctx_start[i + 1]].tolist(), strict=True))
            assert [mass[f] for f in followers.tolist()] == sorted(mass.values(), reverse=True)
