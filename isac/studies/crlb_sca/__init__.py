"""Registry entry of the sum-rate/CRLB balancing study (spec ../shared/specs/crlb_sca.md).

Part in the pipeline so far: the K and P_t sweeps (paper Figs 6 and 7) with Algorithm 1,
FP-SGDA and WMMSE-SDR.
"""

from __future__ import annotations

from typing import Any

from isac.studies.base import Figure, Scenario, Scheme, Study

_PKG = "isac.studies.crlb_sca"
_METHODS = ("wmmse_sdr", "fp_sgda", "alg1")
_METRICS = ("sum_rate", "crlb", "objective")


def validate(study_cfg: dict[str, Any]) -> list[str]:
    """Model checks the schema cannot express; each message names the key and the value."""
    errors = []
    for name, scenario in study_cfg["scenarios"].items():
        p, key = scenario["params"], f"scenarios.{name}.params"
        n_t = p["Nth"] * p["Ntv"]
        users = [int(v) for v in scenario["x"]] if p["sweep"] == "K" else [p["K"]]
        if p["sweep"] == "K" and any(v != int(v) or v < 1 for v in scenario["x"]):
            errors.append(f"scenarios.{name}.x = {scenario['x']}: user counts must be "
                          "integers ≥ 1")
        if p["sweep"] == "K" and max(users) > p["K"]:
            errors.append(f"{key}.K = {p['K']}: channels are drawn for K users but the sweep "
                          f"asks for {max(users)}")
        if max(users) >= n_t:
            errors.append(f"{key}.K = {max(users)}: the model needs K < N_t = {n_t}")
        for field in ("theta", "phi", "alpha_re", "alpha_im"):
            if p["targets"]["mode"] == "fixed" and len(p["targets"][field]) != p["M"]:
                errors.append(f"{key}.targets.{field} = {p['targets'][field]}: needs "
                              f"M = {p['M']} values")
    return errors


STUDY = Study(
    slug="crlb_sca",
    title="Optimal ISAC Beamforming Structure and Efficient Algorithms for Sum Rate and CRLB "
          "Balancing",
    channels=f"{_PKG}.model:draw_channels",
    evaluate=f"{_PKG}.evaluate:evaluate",
    validate=f"{_PKG}:validate",
    docs="docs/studies/crlb_sca.md",
    scenarios=(
        Scenario("k_sweep", _METHODS, "sum rate, CRLB, objective vs K (paper Fig. 6)"),
        Scenario("pt_sweep", _METHODS, "sum rate, CRLB, objective vs P_t (paper Fig. 7)"),
    ),
    schemes=(
        Scheme("wmmse_sdr", f"{_PKG}.schemes:wmmse_sdr_scheme", "WMMSE-SDR"),
        Scheme("fp_sgda", f"{_PKG}.schemes:fp_sgda_scheme", "FP-SGDA"),
        Scheme("alg1", f"{_PKG}.schemes:alg1", "Algorithm 1"),
    ),
    figures=(
        Figure("fig6", "isac.plotting.crlb_sca:fig6",
               needs=tuple(("k_sweep", m) for m in _METHODS), metrics=_METRICS,
               caption="Paper Fig. 6: sum rate (nats/s/Hz, dash-dot), CRLB (dashed) and "
                       "objective 0.25·SR − CRLB (solid) vs the number of users, N_s = N_t."),
        Figure("fig7", "isac.plotting.crlb_sca:fig7",
               needs=tuple(("pt_sweep", m) for m in _METHODS), metrics=_METRICS,
               caption="Paper Fig. 7: sum rate (nats/s/Hz, dash-dot), CRLB (dashed) and "
                       "objective 0.25·SR − CRLB (solid) vs transmit power, N_s = N_t."),
    ),
)
