"""Fidelity measures of a simplified mesh against its original: open edges added (cracked seams) and
geometric error (one-sided distances both ways, as a fraction of the bounding-box diagonal)."""

from __future__ import annotations

import numpy as np
import trimesh
from scipy.spatial import cKDTree

CANDIDATES = 16  # nearest triangle centroids examined per query point


def _welded_edges(vertices: np.ndarray, faces: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Open edges (as position-index pairs) and the position index of every vertex."""
    _, weld = np.unique(np.asarray(vertices), axis=0, return_inverse=True)
    weld = weld.reshape(-1)
    welded = weld[np.asarray(faces)]
    edges = np.sort(np.concatenate([welded[:, [0, 1]], welded[:, [1, 2]], welded[:, [2, 0]]]), axis=1)
    unique, counts = np.unique(edges, axis=0, return_counts=True)
    return unique[counts == 1], weld


def open_edges_added(original: trimesh.Trimesh, simplified: trimesh.Trimesh) -> int:
    """Open edges of ``simplified`` (vertices merged by position) with an end that was not on an open
    boundary of ``original``: a texture seam split apart or a hole torn by the simplifier."""
    open_before, _ = _welded_edges(original.vertices, original.faces)
    boundary = {tuple(p) for p in np.asarray(original.vertices)[_boundary_positions(original, open_before)]}
    open_after, weld = _welded_edges(simplified.vertices, simplified.faces)
    first = np.zeros(weld.max() + 1, dtype=np.int64)
    first[weld] = np.arange(len(weld))
    points = np.asarray(simplified.vertices)[first[open_after]]  # (k, 2, 3)
    return int(sum(1 for a, b in points if tuple(a) not in boundary or tuple(b) not in boundary))


def _boundary_positions(mesh: trimesh.Trimesh, open_edges: np.ndarray) -> np.ndarray:
    _, index, weld = np.unique(np.asarray(mesh.vertices), axis=0, return_index=True, return_inverse=True)
    return index[np.unique(open_edges.reshape(-1))]


def closest_distances(points: np.ndarray, mesh: trimesh.Trimesh, candidates: int = CANDIDATES) -> np.ndarray:
    """Distance from each point to the surface of ``mesh``: the exact point-triangle distance to the
    ``candidates`` triangles with the nearest centroids. Exact when the triangles are small next to
    the distances between candidates, an upper bound otherwise (so :func:`geometric_error` first
    subdivides long triangles to the size of the original's)."""
    triangles = np.asarray(mesh.triangles)
    tree = cKDTree(triangles.mean(axis=1))
    k = min(candidates, len(triangles))
    best = np.full(len(points), np.inf)
    for start in range(0, len(points), 100_000):
        chunk = points[start:start + 100_000]
        _, nearest = tree.query(chunk, k=k)
        nearest = nearest.reshape(len(chunk), -1)
        for column in range(nearest.shape[1]):
            distance = _point_triangle_distance(chunk, triangles[nearest[:, column]])
            best[start:start + len(chunk)] = np.minimum(best[start:start + len(chunk)], distance)
    return best


def subdivided(mesh: trimesh.Trimesh, max_edge: float) -> trimesh.Trimesh:
    vertices, faces = trimesh.remesh.subdivide_to_size(np.asarray(mesh.vertices), np.asarray(mesh.faces),
                                                       max_edge=max_edge, max_iter=20)
    return trimesh.Trimesh(vertices, faces, process=False)


def _point_triangle_distance(p: np.ndarray, tri: np.ndarray) -> np.ndarray:
    """Vectorised closest point on triangle (Ericson, Real-Time Collision Detection 5.1.5)."""
    a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
    ab, ac, ap = b - a, c - a, p - a
    d1, d2 = (ab * ap).sum(1), (ac * ap).sum(1)
    bp = p - b
    d3, d4 = (ab * bp).sum(1), (ac * bp).sum(1)
    cp = p - c
    d5, d6 = (ab * cp).sum(1), (ac * cp).sum(1)
    va, vb, vc = d3 * d6 - d5 * d4, d5 * d2 - d1 * d6, d1 * d4 - d3 * d2
    denominator = va + vb + vc
    denominator = np.where(np.abs(denominator) < 1e-30, 1e-30, denominator)
    v, w = vb / denominator, vc / denominator
    closest = a + ab * v[:, None] + ac * w[:, None]  # inside the face
    with np.errstate(divide="ignore", invalid="ignore"):
        regions = [
            ((d1 <= 0) & (d2 <= 0), a),
            ((d3 >= 0) & (d4 <= d3), b),
            ((d6 >= 0) & (d5 <= d6), c),
            ((vc <= 0) & (d1 >= 0) & (d3 <= 0), a + ab * np.nan_to_num(d1 / (d1 - d3))[:, None]),
            ((vb <= 0) & (d2 >= 0) & (d6 <= 0), a + ac * np.nan_to_num(d2 / (d2 - d6))[:, None]),
            ((va <= 0) & ((d4 - d3) >= 0) & ((d5 - d6) >= 0),
             b + (c - b) * np.nan_to_num((d4 - d3) / ((d4 - d3) + (d5 - d6)))[:, None]),
        ]
    for mask, point in reversed(regions):  # the first matching region wins, as in the scalar code
        closest = np.where(mask[:, None], point, closest)
    return np.linalg.norm(p - closest, axis=1)


def geometric_error(original: trimesh.Trimesh, simplified: trimesh.Trimesh, samples: int = 200_000,
                    seed: int = 0) -> dict:
    """Max and mean of the two one-sided distances (original vertices and surface samples to the
    simplified surface, and back), relative to the original's bounding-box diagonal."""
    rng = np.random.default_rng(seed)
    diagonal = float(np.linalg.norm(np.ptp(np.asarray(original.vertices), axis=0)))
    there = np.vstack([np.asarray(original.vertices),
                       trimesh.sample.sample_surface(original, samples, seed=rng.integers(1 << 31))[0]])
    back = np.vstack([np.asarray(simplified.vertices),
                      trimesh.sample.sample_surface(simplified, samples, seed=rng.integers(1 << 31))[0]])
    # the simplified surface cut into triangles no longer than the original's typical edge
    fine = float(np.median(original.edges_unique_length))
    forward = closest_distances(there, subdivided(simplified, fine))
    backward = closest_distances(back, original)
    both = np.concatenate([forward, backward])
    return {"max": float(both.max() / diagonal), "mean": float(both.mean() / diagonal),
            "diagonal_m": diagonal}
