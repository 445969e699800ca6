"""Tables learnt from the corpus besides the n-gram models: the data behind reranking and 对仗.

* line hashes — every corpus line (exact) and every line with one position masked (near copies);
* clichés — 4-character sequences found in many poems (不知何处 ...), with their poem frequency;
* char vectors — PPMI over poem co-occurrence, reduced by SVD: relatedness of lines and themes;
* two-character words — pairs at the word slots of a line (1-2, 3-4, 5-6) that stick together (PMI);
* parallel pairs — characters facing each other in the middle couplets of real 律诗 (对仗);
* unstable pairs — pairs that OpenCC s2t converts differently in context (回风 → 迴風).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

HASH_MULTIPLIER = np.uint64(1_000_003)
MASK_TOKEN = 0x3000  # a code point never in a line ("　")


def line_hash(codes: np.ndarray) -> np.ndarray:
    """Polynomial hash (mod 2^64) of rows of code points; ``codes`` is (n, length) uint64."""
    h = np.full(codes.shape[0], np.uint64(len(codes[0]) if len(codes) else 0), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(codes.shape[1]):
            h = h * HASH_MULTIPLIER + codes[:, j]
    return h


def line_codes(lines: list[str]) -> np.ndarray:
    """(n, length) code points of lines of one length."""
    if lines and all(len(line) == len(lines[0]) for line in lines):
        codes = np.frombuffer("".join(lines).encode("utf-32-le"), dtype=np.uint32)
        return codes.reshape(len(lines), len(lines[0])).astype(np.uint64)
    return np.array([[ord(c) for c in line] for line in lines], dtype=np.uint64)


def hash_lines(lines: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique hashes of the lines, and of the lines with each position masked in turn."""
    exact, near = [], []
    for length in (5, 7):
        group = [line for line in lines if len(line) == length]
        if not group:
            continue
        codes = line_codes(group)
        exact.append(line_hash(codes))
        for position in range(length):
            masked = codes.copy()
            masked[:, position] = MASK_TOKEN
            near.append(line_hash(masked))
    exact_all = np.unique(np.concatenate(exact)) if exact else np.zeros(0, np.uint64)
    near_all = np.unique(np.concatenate(near)) if near else np.zeros(0, np.uint64)
    return exact_all, near_all


def contains(sorted_hashes: np.ndarray, values: np.ndarray) -> np.ndarray:
    if len(sorted_hashes) == 0:
        return np.zeros(len(values), dtype=bool)
    index = np.minimum(np.searchsorted(sorted_hashes, values), len(sorted_hashes) - 1)
    return sorted_hashes[index] == values


def near_copy(line: str, near_hashes: np.ndarray) -> bool:
    codes = line_codes([line])
    masked = np.repeat(codes, len(line), axis=0)
    masked[np.arange(len(line)), np.arange(len(line))] = MASK_TOKEN
    return bool(contains(near_hashes, line_hash(masked)).any())


def cliches(poems, min_share: float = 0.0008, min_count: int = 3) -> dict[str, int]:
    """4-character sequences inside lines that occur in many poems."""
    frequency: Counter[str] = Counter()
    for poem in poems:
        frequency.update({line[i:i + 4] for line in poem.lines for i in range(len(line) - 3)})
    floor = max(min_count, int(min_share * len(poems)))
    return {gram: frequency[gram] for gram in sorted(frequency) if frequency[gram] >= floor}


def char_vectors(poems, char_ids: dict[str, int], size: int, top: int = 3000, dims: int = 32) -> np.ndarray:
    """(size, dims) unit vectors; characters outside the ``top`` most frequent get zeros."""
    counts = Counter(c for poem in poems for c in set(poem.text))
    ranked = sorted(counts, key=lambda c: (-counts[c], c))  # ties by character, not by the hash seed
    frequent = [c for c in ranked[:top] if c in char_ids]
    index = {c: i for i, c in enumerate(frequent)}
    from scipy import sparse

    rows, cols = [], []
    for r, poem in enumerate(poems):
        present = [index[c] for c in set(poem.text) if c in index]
        rows.extend([r] * len(present))
        cols.extend(present)
    incidence = sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)),
                                  shape=(len(poems), len(frequent)))
    matrix = (incidence.T @ incidence).toarray().astype(np.float64)
    np.fill_diagonal(matrix, 0)
    total = matrix.sum() or 1.0
    row = matrix.sum(axis=1, keepdims=True) + 1e-9
    with np.errstate(divide="ignore"):
        ppmi = np.maximum(np.log(matrix * total / (row * row.T) + 1e-12), 0)
    dims = max(1, min(dims, len(frequent) - 2))
    rng = np.random.default_rng(0)  # randomized range finder (Halko et al.) with power iterations
    basis = np.linalg.qr(ppmi @ rng.standard_normal((len(frequent), dims + 8)))[0]
    for _ in range(3):
        basis = np.linalg.qr(ppmi @ basis)[0]
    u, values, _ = np.linalg.svd(basis.T @ ppmi, full_matrices=False)
    reduced = (basis @ u)[:, :dims] * np.sqrt(values[:dims])
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True) + 1e-9
    vectors = np.zeros((size, dims), dtype=np.float32)
    for c, i in index.items():
        vectors[char_ids[c]] = reduced[i]
    return vectors


def word_slots(length: int) -> list[int]:
    """Start positions of the two-character words of a line (五言 2+3, 七言 2+2+3)."""
    return [0, 2] if length == 5 else [0, 2, 4]


def two_character_words(poems, min_count: int = 4, min_pmi: float = 2.0) -> dict[str, float]:
    pairs: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for poem in poems:
        for line in poem.lines:
            chars.update(line)
            pairs.update(line[i:i + 2] for i in word_slots(len(line)))
    total_pairs = sum(pairs.values()) or 1
    total_chars = sum(chars.values()) or 1
    words = {}
    for pair, count in pairs.items():
        if count < min_count:
            continue
        pmi = np.log(count / total_pairs) - np.log(chars[pair[0]] / total_chars) \
            - np.log(chars[pair[1]] / total_chars)
        if pmi >= min_pmi:
            words[pair] = round(float(min(pmi, 8.0)), 3)
    return words


def parallel_pairs(poems, min_count: int = 2) -> dict[str, float]:
    """Characters facing each other in the middle couplets (lines 3-4, 5-6) of 律诗, scored by PMI."""
    pairs: Counter[str] = Counter()
    left: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for poem in poems:
        if len(poem.lines) != 8:
            continue
        for first, second in ((poem.lines[2], poem.lines[3]), (poem.lines[4], poem.lines[5])):
            for a, b in zip(first, second, strict=True):
                pairs[a + b] += 1
                left[a] += 1
                right[b] += 1
    total = sum(pairs.values()) or 1
    table = {}
    for pair, count in pairs.items():
        if count >= min_count:
            pmi = np.log(count * total / (left[pair[0]] * right[pair[1]]))
            if pmi > 0:
                table[pair] = round(float(min(pmi, 8.0)), 3)
    return table


def unstable_pairs(poems, traditional_tones: dict[str, str]) -> list[str]:
    """Character pairs whose OpenCC s2t conversion in context differs from converting each character
    alone (回风 → 迴風) in a way that loses the tone: a checker converting whole lines would see another
    character. The decoder never writes these pairs."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    single: dict[str, str] = {}
    pairs: set[str] = set()
    for poem in poems:
        for line in poem.lines:
            converted = s2t.convert(line)
            for i, (simple, traditional) in enumerate(zip(line, converted, strict=True)):
                alone = single.get(simple)
                if alone is None:
                    alone = single[simple] = s2t.convert(simple)
                if traditional != alone and (traditional_tones.get(traditional)
                                             != traditional_tones.get(alone)):
                    if i:
                        pairs.add(line[i - 1:i + 1])
                    if i + 1 < len(line):
                        pairs.add(line[i:i + 2])
    return sorted(pairs)
