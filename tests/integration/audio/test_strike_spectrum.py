"""The synthesised strikes against the computed modes: spectral peaks within 1 %, the two-tone bells'
families kept apart, the shipped modes converged within 1 % between two meshes, and reproduced by the
command on the coarse mesh."""

from __future__ import annotations

import json

import numpy as np
import pytest

from exhibits.audio import player, spectrum, synthesis
from museum.cli.instruments import instrument_group

RATE = synthesis.SAMPLE_RATE


def _spectrum(accession, position, bell=None, force=0.8):
    data = player.shipped_modes(accession)
    signal = player.strike_signal(data, position, force, bell, seconds=3.0)
    return data, player.partials(data, position, force, bell), spectrum.magnitude_spectrum(signal, RATE)


@pytest.mark.parametrize(("accession", "position", "bell"), [
    ("1989.0107", "centre", None), ("1989.0107", "side", None),
    ("1972.0008", "centre", 1), ("1972.0008", "side", 14)])
def test_spectral_peaks_match_the_modes_within_one_percent(accession, position, bell):
    _, partials, (freqs, mags) = _spectrum(accession, position, bell)
    strong = np.abs(partials.amplitudes) >= 0.05 * np.abs(partials.amplitudes).max()
    assert strong.sum() >= 3
    for index in np.flatnonzero(strong):
        frequency = partials.frequencies[index]
        # search no further than halfway to the next partial (the chunyu's 690 and 702 Hz are 1.7 % apart),
        # and the peak must sit well inside that window: a real peak, not the edge of a neighbour's skirt
        gap = np.min(np.abs(np.delete(partials.frequencies, index) - frequency)) / frequency
        window = min(0.02, 0.5 * gap)
        found = spectrum.peak_near(freqs, mags, frequency, relative_window=window)
        assert found == pytest.approx(frequency, rel=min(0.01, 0.5 * window))
    # and the other way round: every one of the strongest spectral peaks is a computed mode
    for peak in spectrum.strongest_peaks(freqs, mags, 5):
        assert np.min(np.abs(partials.frequencies - peak) / partials.frequencies) < 0.01


def test_centre_strike_leaves_the_side_family_silent():
    data = player.shipped_modes("1972.0008")
    table = player.modes_table(data, "centre", 0.8, bell=1)
    side = [row["amplitude"] for row in table if row["family"] == "side"]
    centre = [row["amplitude"] for row in table if row["family"] == "centre"]
    assert side and max(side) < 1e-6 and max(centre) > 0.1
    pair = data["lowest_pair"]
    _, _, (freqs, centre_mags) = _spectrum("1972.0008", "centre", 1)
    _, _, (_, side_mags) = _spectrum("1972.0008", "side", 1)
    at_side_tone = np.argmin(np.abs(freqs - pair["side_hz"]))
    assert side_mags[at_side_tone] / side_mags.max() > 30 * centre_mags[at_side_tone] / centre_mags.max()


def test_two_tone_ratio_and_bell_set_scaling():
    data = player.shipped_modes("1972.0008")
    assert 1.11 <= data["lowest_pair"]["ratio"] <= 1.31
    first, last = player.scaled_modes(data, 1), player.scaled_modes(data, 14)
    assert last[0]["frequency"] / first[0]["frequency"] == pytest.approx(27 / 15, rel=1e-4)


@pytest.mark.parametrize("accession", ["1989.0107", "1972.0008"])
def test_shipped_modes_converge_within_one_percent_between_two_meshes(accession):
    data = player.shipped_modes(accession)
    conv, levels = data["convergence"], data["levels"]
    assert conv["converged"] is True and conv["max_relative_difference"] <= conv["tolerance"] == 0.01
    assert conv["counted_modes"] == sum(m["multiplicity"] for m in data["modes"]) >= 20   # pairs count as two
    assert conv["compared_modes"] == len(data["modes"]) == len(conv["per_mode"])
    assert all(abs(m["relative_difference"]) <= 0.01 and m["shape_similarity"] >= 0.8
               for m in conv["per_mode"])
    assert [m["fine_hz"] for m in conv["per_mode"]] == [m["frequency"] for m in data["modes"]]
    fine, coarse = levels["fine"], levels["coarse"]
    assert fine["n_s"] > coarse["n_s"] and fine["n_phi"] > coarse["n_phi"]
    # axisymmetric: degenerate pairs stay equal, one axisymmetric mode among them
    if data["kind"] == "chunyu":
        assert levels["fine"]["largest_pair_split"] < 1e-6
        assert {m["multiplicity"] for m in data["modes"]} == {1, 2}
        assert min(m["order"] for m in data["modes"]) == 0


@pytest.mark.slow
@pytest.mark.parametrize("accession", ["1972.0008", "1989.0107"])
def test_modes_command_reproduces_the_shipped_data_on_the_coarse_mesh(runner, tmp_path, accession):
    out = tmp_path / "modes.json"
    with runner.app.app_context():
        result = runner.invoke(instrument_group, ["modes", accession, "--levels", "coarse", "--output",
                                                  str(out)])
    assert result.exit_code == 0, result.output
    shipped = player.shipped_modes(accession)
    rerun = json.loads(out.read_text())
    expected = shipped["levels"]["coarse"]["frequencies"]
    assert rerun["levels"]["coarse"]["frequencies"] == pytest.approx(expected, rel=1e-6)
    assert rerun["thickness_mm"] == shipped["thickness_mm"]
    assert shipped["levels"]["fine"]["dofs"] > shipped["levels"]["coarse"]["dofs"]
