"""3D benchmark: web GLB from a 1 M-face textured bell against ``gltfpack -si 0.1`` on the same input,
fidelity of both (open edges added, geometric error), thumbnail time, peak memory of a 2 M-face ingest.

    .venv/bin/python benchmarks/models_lod.py              # about 3-5 minutes on 2 cores
    .venv/bin/python benchmarks/models_lod.py --faces 300000 --ingest-faces 500000   # a quick run

Ours: load (sniffed, checked) + meshoptimizer simplify in process to 100 k triangles + texture ≤ 2048 px
+ the web level's GLB (quantized, meshopt-compressed, WebP texture: ``assets/models/webglb.py``). Peer: npm
gltfpack (node, wasm) ``-si 0.1`` as is (its default: quantized, texture copied), with ``-c`` (meshopt
compression too) and with ``-noq`` (floats). Errors are distances both ways between the original and the
simplified surface over the original's bounding-box diagonal, every output decoded by the same reader
(``webglb.read_glb``: quantized accessors, node transforms and the meshopt codecs), so quantization counts.

The ingest peak is the ingest process's own ``ru_maxrss``. On Linux a child started with vfork+exec
(as ``subprocess`` does) inherits the parent's peak RSS in ``ru_maxrss``, so the OBJ is generated in a
child of its own and the ingest runs first, while this process is still small; ``VmHWM`` (the peak
of the child's own address space) is printed beside it as a check.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import trimesh

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assets.models import generate, quality, render  # noqa: E402
from assets.models.derivatives import build_level  # noqa: E402
from assets.models.limits import LevelOfDetail  # noqa: E402
from assets.models.loaders import load_model  # noqa: E402
from assets.models.webglb import read_glb  # noqa: E402

GLTFPACK = ROOT / "node_modules" / "gltfpack" / "cli.js"
GENERATE_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from assets.models import generate
generate.benchmark_bell({faces}).export({path!r}, include_normals=True)
"""
INGEST_SCRIPT = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from assets.models.kind import MODEL3D
from assets.storage import LocalStorage
started = time.perf_counter()
result = MODEL3D.ingest(Path({path!r}), LocalStorage({out!r}), "bell", units="m", up="y", turntable=False)
seconds = time.perf_counter() - started
maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:
    hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
except (OSError, StopIteration):
    hwm = maxrss
print(seconds, maxrss, result.metadata["stats"]["faces"], hwm)
"""


def run_gltfpack(source: Path, target: Path, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run(["node", str(GLTFPACK), "-i", str(source), "-o", str(target), "-si", "0.1", *extra],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def ours(source: Path, folder: Path) -> tuple[float, Path]:
    started = time.perf_counter()
    mesh = load_model(source).mesh
    level = LevelOfDetail("web", len(mesh.faces) // 10, 5 * 1024**2, 2048, compressed=True)
    derivative = build_level(mesh, level, folder, "ours")
    return time.perf_counter() - started, derivative.path


def fidelity(original: trimesh.Trimesh, path: Path, samples: int) -> dict:
    simplified = read_glb(path.read_bytes())
    error = quality.geometric_error(original, simplified, samples=samples)
    return {"faces": len(simplified.faces),
            "open_edges_added": quality.open_edges_added(original, simplified),
            "max_error_pct": error["max"] * 100, "mean_error_pct": error["mean"] * 100}


def measure_ingest(folder: Path, faces: int) -> dict:
    """Seconds and peak memory of ``ingest`` of a ``faces``-face OBJ (with MTL and PNG beside it), each
    step in a fresh process so that no other peak is counted (see the module docstring)."""
    obj = folder / "ingest" / "bell.obj"
    obj.parent.mkdir()
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    subprocess.run([sys.executable, "-c", GENERATE_SCRIPT.format(root=str(ROOT), faces=faces, path=str(obj))],
                   check=True, capture_output=True, env=env)
    script = INGEST_SCRIPT.format(root=str(ROOT), path=str(obj), out=str(folder / "ingest-out"))
    output = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True,
                            env=env).stdout.split()
    return {"seconds": float(output[0]), "peak_mb": float(output[1]), "faces": int(output[2]),
            "vm_hwm_mb": float(output[3]), "obj_mb": obj.stat().st_size / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faces", type=int, default=1_000_000)
    parser.add_argument("--ingest-faces", type=int, default=2_000_000)
    parser.add_argument("--samples", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="models-bench-"))
    ingested = measure_ingest(folder, args.ingest_faces)  # first: this process is still small
    bell = generate.benchmark_bell(args.faces)
    source = folder / "bell.glb"
    source.write_bytes(bell.export(file_type="glb", include_normals=True))
    original = trimesh.load(source, force="mesh", process=False)
    print(f"input: {len(original.faces):,} faces, {source.stat().st_size / 1e6:.1f} MB GLB, 1024 px texture")

    rows = []
    ours_time, ours_path = ours(source, folder)
    peer_time = run_gltfpack(source, folder / "gltfpack.glb")
    peer_c_time = run_gltfpack(source, folder / "gltfpack-c.glb", "-c")
    peer_noq_time = run_gltfpack(source, folder / "gltfpack-noq.glb", "-noq")
    ours_quality = fidelity(original, ours_path, args.samples)
    peer_quality = fidelity(original, folder / "gltfpack.glb", args.samples)
    rows.append(("ours (meshoptimizer in process, quantized + meshopt + WebP)", ours_time,
                 ours_path.stat().st_size, ours_quality))
    rows.append(("gltfpack -si 0.1 (quantized)", peer_time, (folder / "gltfpack.glb").stat().st_size,
                 peer_quality))
    rows.append(("gltfpack -si 0.1 -c (quantized + meshopt)", peer_c_time,
                 (folder / "gltfpack-c.glb").stat().st_size, fidelity(original, folder / "gltfpack-c.glb",
                                                                       args.samples)))
    rows.append(("gltfpack -si 0.1 -noq (floats)", peer_noq_time,
                 (folder / "gltfpack-noq.glb").stat().st_size,
                 fidelity(original, folder / "gltfpack-noq.glb", args.samples)))

    print(f"\nratios to gltfpack -si 0.1: bytes {rows[0][2] / rows[1][2]:.2f}×, "
          f"time {ours_time / peer_time:.2f}×, "
          f"max error {ours_quality['max_error_pct'] / peer_quality['max_error_pct']:.2f}×; load average "
          f"{os.getloadavg()[0]:.2f}")
    print("\n| tool | time to web GLB | size | faces | open edges added | max error | mean error |")
    print("|---|---|---|---|---|---|---|")
    for name, seconds, size, measures in rows:
        if measures:
            print(f"| {name} | {seconds:.2f} s | {size / 1e6:.2f} MB | {measures['faces']:,} | "
                  f"{measures['open_edges_added']} | {measures['max_error_pct']:.3f} % | "
                  f"{measures['mean_error_pct']:.4f} % |")
        else:
            print(f"| {name} | {seconds:.2f} s | {size / 1e6:.2f} MB | (quantized) | | | |")

    started = time.perf_counter()
    render.render(original, 512)
    thumb_full = time.perf_counter() - started
    web = read_glb(ours_path.read_bytes())
    started = time.perf_counter()
    render.render(web, 512)
    thumb_web = time.perf_counter() - started
    print(f"\n512 px thumbnail (numpy rasteriser, 2× supersampled): {thumb_full:.2f} s from the "
          f"{len(original.faces):,}-face original, {thumb_web:.2f} s from the web GLB")

    print(f"ingest of a {ingested['faces']:,}-face OBJ ({ingested['obj_mb']:.0f} MB with MTL/PNG beside it): "
          f"{ingested['seconds']:.1f} s for checks, normalisation, 3 derivatives + validator and the poster; "
          f"peak memory {ingested['peak_mb']:,.0f} MB (VmHWM {ingested['vm_hwm_mb']:,.0f} MB)")
    print(json.dumps({"ours_s": ours_time, "gltfpack_s": peer_time, "ours": ours_quality,
                      "gltfpack": peer_quality, "thumbnail_s": thumb_full, "ingest_s": ingested["seconds"],
                      "ingest_peak_mb": ingested["peak_mb"]}, default=float))



if __name__ == "__main__":
    main()
