"""Audio benchmark: strike synthesis speed, modal-analysis time and memory, loudness normalisation.

    .venv/bin/python benchmarks/audio_synthesis.py            # synthesis + loudness + coarse modal runs
    .venv/bin/python benchmarks/audio_synthesis.py --full     # also the fine meshes (about 2 minutes idle)

Peers measured in the same run: synthesis against the direct sum of exp * sin over every sample and
mode; loudness against ffmpeg's single-pass ``loudnorm`` filter (same target), both measured with
pyloudnorm (BS.1770) and a 4x oversampled true peak.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assets.audio import loudness  # noqa: E402
from exhibits.audio import player, synthesis  # noqa: E402

RATE = synthesis.SAMPLE_RATE


def direct_sum(partials: synthesis.Partials, seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (partials.amplitudes[:, None] * np.exp(-t[None, :] / partials.decays[:, None])
            * np.sin(2 * np.pi * partials.frequencies[:, None] * t[None, :])).sum(axis=0)


def timed(function, repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def synthesis_table() -> None:
    print("\n## Strike synthesis, 3 s at 48 kHz (ms: median of 41 and best; peer median of 5)")
    print(f"{'instrument':<22}{'partials':>9}{'block (ours)':>14}{'best':>8}{'direct sum':>12}"
          f"{'speed-up':>10}{'max diff':>10}")
    for accession, bell in (("1989.0107", None), ("1972.0008", 1)):
        data = player.shipped_modes(accession)
        found = player.partials(data, "centre", 0.8, bell)
        ours = timed(lambda found=found: synthesis.render(found, 3.0, normalise=False), repeat=41)
        best = min(timed(lambda found=found: synthesis.render(found, 3.0, normalise=False), repeat=1)
                   for _ in range(41))
        peer = timed(lambda found=found: direct_sum(found, 3.0), repeat=5)
        diff = np.max(np.abs(synthesis.render(found, 3.0, normalise=False) - direct_sum(found, 3.0)))
        print(f"{accession:<22}{len(found.frequencies):>9}{ours:>14.2f}{best:>8.2f}{peer:>12.2f}"
              f"{peer / ours:>9.1f}x{diff / np.max(np.abs(direct_sum(found, 3.0))):>10.1e}")


def modal_table(full: bool) -> None:
    print("\n## Modal analysis (separate process per run, OPENBLAS_NUM_THREADS=1; wall and CPU time,"
          " peak memory; load = 1-minute load average of the shared 2-core machine when the run started)")
    print(f"{'instrument':<12}{'mesh':<8}{'elements':>14}{'unknowns':>10}{'wall s':>8}{'CPU s':>7}"
          f"{'peak GB':>9}{'load':>6}{'first partial Hz':>18}")
    levels = ("coarse", "fine") if full else ("coarse",)
    for accession in ("1989.0107", "1972.0008"):
        for level in levels:
            code = ("import json,resource,time;from exhibits.audio.instruments import compute_modes;"
                    f"t=time.perf_counter();c=time.process_time();d=compute_modes({accession!r},({level!r},));"
                    "l=list(d['levels'].values())[0];"
                    "print(json.dumps({'s':time.perf_counter()-t,'cpu':time.process_time()-c,"
                    "'rss':resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1e6,'dofs':l['dofs'],"
                    "'grid':f\"{l['n_s']}x{l['n_phi']}x{l['n_xi']}\",'f':d['modes'][0]['frequency']}))")
            load = os.getloadavg()[0]
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                 env=os.environ | {"OPENBLAS_NUM_THREADS": "1"})
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{accession:<12}{level:<8}{r['grid']:>14}{r['dofs']:>10}{r['s']:>8.1f}{r['cpu']:>7.1f}"
                  f"{r['rss']:>9.2f}{load:>6.1f}{r['f']:>18.2f}")
    for accession in ("1989.0107", "1972.0008"):
        data = player.shipped_modes(accession)
        conv = data.get("convergence", {})
        counted = conv.get("counted_modes", conv.get("compared_modes"))
        largest = conv.get("max_relative_difference", float("nan")) * 100
        converged = (f", converged within {conv['tolerance'] * 100:.0f} %: {conv['converged']}"
                     if "converged" in conv else "")
        pair = data.get("lowest_pair")
        lowest = (f"; lowest pair {pair['centre_hz']:.2f} / {pair['side_hz']:.2f} Hz, ratio {pair['ratio']}"
                  if "lowest_pair" in data else "")
        print(f"\n{accession}: shipped coarse/fine convergence over {conv.get('compared_modes')} partials "
              f"({counted} modes, pairs counted twice), max {largest:.2f} %" + converged + lowest)
        print(f"  {'order':>5} {'family':<7}{'mult':>5}{'coarse Hz':>11}{'fine Hz':>11}{'diff %':>8}")
        for m in conv.get("per_mode", []):
            diff = (m["coarse_hz"] - m["fine_hz"]) / m["fine_hz"] * 100
            print(f"  {m['order']:>5} {m['family'] or '-':<7}{m.get('multiplicity', '?'):>5}"
                  f"{m['coarse_hz']:>11.2f}{m['fine_hz']:>11.2f}{diff:>+8.2f}")


def test_signals() -> dict[str, tuple[np.ndarray, int]]:
    rng = np.random.default_rng(5)
    t = np.arange(int(8 * 44_100)) / 44_100
    envelope = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) ** 2
    voice = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 12)) * envelope
    signals = {f"speech-like {lvl} dB": ((voice * 10 ** (lvl / 20)).astype(np.float32), 44_100)
               for lvl in (-40, -25, -12)}
    strike = player.strike_signal(player.shipped_modes("1989.0107"), "centre", 1.0, seconds=6.0)
    signals["struck chunyu (crest)"] = (strike, RATE)
    noise = np.convolve(rng.standard_normal(10 * 48_000), np.ones(30) / 30, mode="same") * 0.1
    signals["river noise"] = (noise.astype(np.float32), 48_000)
    return signals


def ffmpeg_loudnorm(samples: np.ndarray, rate: int) -> np.ndarray:
    with tempfile.TemporaryDirectory() as scratch:
        src, dst = Path(scratch) / "in.wav", Path(scratch) / "out.wav"
        soundfile.write(str(src), samples, rate, subtype="FLOAT")
        subprocess.run(["ffmpeg", "-v", "error", "-i", str(src), "-af", "loudnorm=I=-16:TP=-1:LRA=11",
                        "-ar", str(rate), "-c:a", "pcm_f32le", str(dst)], check=True)
        return soundfile.read(str(dst), always_2d=True)[0]


def loudness_table() -> None:
    print("\n## Loudness normalisation to -16 LUFS, true peak <= -1 dBTP")
    print(f"{'signal':<24}{'input':>8}{'ours LUFS':>11}{'ours dBTP':>11}{'ms':>7}{'loudnorm LUFS':>15}"
          f"{'loudnorm dBTP':>15}")
    for name, (samples, rate) in test_signals().items():
        start = time.perf_counter()
        out, report = loudness.normalise(samples, rate)
        ms = (time.perf_counter() - start) * 1000
        peer = ffmpeg_loudnorm(samples, rate)
        print(f"{name:<24}{report.input_lufs:>8.1f}{report.output_lufs:>11.2f}"
              f"{report.output_true_peak_dbtp:>11.2f}{ms:>7.0f}"
              f"{loudness.integrated_lufs(peer, rate):>15.2f}{loudness.true_peak_dbtp(peer):>15.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also run the fine meshes")
    args = parser.parse_args()
    synthesis_table()
    loudness_table()
    modal_table(args.full)


if __name__ == "__main__":
    main()
