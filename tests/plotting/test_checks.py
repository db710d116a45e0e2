"""Layout checks of rendered figures: each problem is found, a clean figure has none."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from isac.plotting.checks import layout_problems  # noqa: E402


def test_a_legend_over_the_data_is_found_and_one_beside_it_is_not():
    fig, ax = plt.subplots(figsize=(3, 2))
    x = np.linspace(0, 1, 50)
    ax.plot(x, np.full_like(x, 0.9), label="flat")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper center")
    found = layout_problems(fig)
    assert any("legend covers" in p and "flat" in p for p in found)
    ax.legend(loc="lower center")
    assert layout_problems(fig) == []
    plt.close(fig)


def test_fractional_ticks_on_a_count_axis_are_found():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [1.0, 2.0, 1.5])
    ax.set_xticks([0, 0.5, 1, 1.5, 2])
    found = layout_problems(fig)
    assert len(found) == 1 and "x axis counts (0…2)" in found[0] and "0.5" in found[0]
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    assert layout_problems(fig) == []
    plt.close(fig)


def test_a_non_count_axis_may_have_fractional_ticks():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([-10, -5, 0, 5], [1.2, 2.7, 3.1, 4.4])        # an SNR grid in steps of 5 dB
    ax.set_xticks([-10, -7.5, -5, -2.5, 0, 2.5, 5])
    assert layout_problems(fig) == []
    plt.close(fig)


def test_marks_placed_in_axes_units_are_checked_where_they_are_drawn():
    """A mark at 10 % of the axes height (x in data units, y in axes units, as the gap marks)
    sits near the bottom of the axes, not at data y = 0.1 under a centred legend."""
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [-10.0, 10.0], label="ramp")
    ax.set_ylim(-10, 10)
    ax.plot([0.5], [0.1], "x", transform=ax.get_xaxis_transform())
    ax.legend(loc="center")                  # over data y ≈ 0, far above the mark
    assert not any("unlabelled" in p for p in layout_problems(fig))
    ax.legend(loc="lower center")            # now over the mark
    assert any("1 data point(s) of an unlabelled curve" in p for p in layout_problems(fig))
    plt.close(fig)


def test_a_literal_underscore_is_found_and_mathtext_is_not():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 0.5, 1], [0, 0.2, 1], label="N_t = 8")
    ax.set_xlabel(r"$N_t$ antennas, cost \$5")
    ax.legend(loc="lower right")
    assert layout_problems(fig) == ["a literal underscore in the text 'N_t = 8' (use mathtext)"]
    ax.legend([r"$N_t = 8$"], loc="lower right")
    assert layout_problems(fig) == []
    plt.close(fig)


def test_a_curve_hidden_under_another_is_found_and_staggered_markers_clear_it():
    fig, ax = plt.subplots(figsize=(3, 2))
    x = np.linspace(0, 1, 40)
    low = ax.plot(x, x**2, color="C0", label="K-COP")[0]
    top = ax.plot(x, x**2, color="C1", label="B-COP")[0]
    assert layout_problems(fig) == ["axes 0: K-COP is hidden under B-COP (the curves coincide: "
                                    "show both)"]
    top.set_linestyle("--")                       # the lower curve shows through the gaps
    assert layout_problems(fig) == []
    top.set_linestyle("-")
    low.set(marker="^", markevery=(0, 8))
    top.set(marker="D", markevery=(4, 8))         # staggered markers of its own
    assert layout_problems(fig) == []
    plt.close(fig)
