"""Registry entry of the sum-rate/CRLB balancing study (spec ../shared/specs/crlb_sca.md):
paper Figs 2–7 and Table I with Algorithm 1, its low-dimensional form, FP-SGDA and WMMSE-SDR.
"""

from __future__ import annotations

from typing import Any

from isac.studies.base import Figure, Scenario, Scheme, Study, check_scenarios, lazy_exports

_PKG = "isac.studies.crlb_sca"
_METHODS = ("wmmse_sdr", "fp_sgda", "alg1")
_METRICS = ("sum_rate", "crlb", "objective")
_NS = ("ns_k1", "ns_k2", "ns_k3", "ns_sensing")
_NT = tuple(("nt_sweep", m) for m in ("alg1", "alg1_ns0", "ld_alg1", "ld_alg1_random",
                                      "fp_sgda")) + (
    ("nt_sweep_sdr", "wmmse_sdr"),)
_DENSE_METHODS = ("fp_sgda", "alg1", "alg1_ns0", "ld_alg1")
_DENSE = tuple(("nt_sweep_dense", m) for m in _DENSE_METHODS)
_INTEGER_SWEEPS = {"K": 1, "Ns": 0, "Nt": 1}


def _sweep_errors(name: str, p: dict[str, Any], x: list[float]) -> list[str]:
    """The sweep grid against the model: integers where needed, sizes the draws can serve."""
    key, sweep, n_t = f"scenarios.{name}.x", p["sweep"], p["Nth"] * p["Ntv"]
    if sweep in _INTEGER_SWEEPS and any(v != int(v) or v < _INTEGER_SWEEPS[sweep] for v in x):
        return [f"{key} = {x}: {sweep} values must be integers ≥ {_INTEGER_SWEEPS[sweep]}"]
    errors = []
    if sweep == "K" and max(x) > p["K"]:
        errors.append(f"scenarios.{name}.model.K = {p['K']}: channels are drawn for K users "
                      f"but the sweep asks for {int(max(x))}")
    if sweep == "Ns" and max(x) > (n_t if p["Ns"] is None else p["Ns"]):
        errors.append(f"{key} = {x}: N_s above the {n_t if p['Ns'] is None else p['Ns']} "
                      "sensing streams drawn (model.Ns)")
    if sweep == "Nt":
        if any(v % p["Nth"] for v in x) or max(x) > n_t:
            errors.append(f"{key} = {x}: N_t values must be multiples of Nth = {p['Nth']} "
                          f"and at most Nth·Ntv = {n_t}")
        if p["Nrv"] != p["Ntv"]:
            errors.append(f"scenarios.{name}.model.Nrv = {p['Nrv']}: the N_t sweep scales "
                          f"the receive array with the transmit one, so Nrv must equal "
                          f"Ntv = {p['Ntv']}")
    if sweep == "Pt_dBm" and (min(x) < -100 or max(x) > 100):
        errors.append(f"{key} = {x}: transmit powers in dBm must lie in [-100, 100]")
    if sweep == "delta_c" and min(x) < 0:
        errors.append(f"{key} = {x}: weights δ_c must be ≥ 0")
    return errors


def _model_errors(key: str, p: dict[str, Any], x: list[float]) -> list[str]:
    """Checks of one scenario with a valid sweep."""
    errors: list[str] = []
    smallest_n_t = min(x) if p["sweep"] == "Nt" else p["Nth"] * p["Ntv"]
    users = max(x) if p["sweep"] == "K" else p["K"]
    if users >= smallest_n_t:
        errors.append(f"{key}.K = {int(users)}: the model needs K < N_t = {smallest_n_t}")
    if p["Ns"] is not None and p["Ns"] > p["Nth"] * p["Ntv"]:
        errors.append(f"{key}.Ns = {p['Ns']}: more sensing streams than N_t")
    for field in ("theta", "phi", "alpha_re", "alpha_im"):
        if p["targets"]["mode"] == "fixed" and len(p["targets"][field]) != p["M"]:
            errors.append(f"{key}.targets.{field} = {p['targets'][field]}: needs "
                          f"M = {p['M']} values")
    return errors


def validate(study_cfg: dict[str, Any]) -> list[str]:
    """Model checks the schema cannot express; each message names the key and the value."""
    return check_scenarios(study_cfg, _sweep_errors, _model_errors)


def _fig(name: str, needs: tuple[tuple[str, str], ...], metrics: tuple[str, ...], caption: str,
         kind: str = "figure") -> Figure:
    plot = f"isac.studies.crlb_sca.figures:{name}"
    return Figure(name, plot, needs=needs, metrics=metrics, caption=caption, kind=kind,
                  title=_TITLES[name])


_TITLES = {"fig2": "Convergence of Algorithm 1", "fig3": "Sum rate–CRLB trade-off region",
           "fig4": "Objective vs number of sensing streams", "fig5": "CPU time vs N_t",
           "table1": "Sum rate and CRLB vs N_t", "fig6": "Metrics vs number of users",
           "fig7": "Metrics vs transmit power"}


STUDY = Study(
    slug="crlb_sca",
    title="Optimal ISAC Beamforming Structure and Efficient Algorithms for Sum Rate and CRLB "
          "Balancing",
    channels=f"{_PKG}.model:draw_channels",
    at_point=f"{_PKG}.model:at_point",
    footprint=f"{_PKG}.model:footprint",
    evaluate=f"{_PKG}.evaluate:evaluate",
    validate=f"{_PKG}:validate",
    docs="docs/studies/crlb_sca.md",
    scenarios=(
        Scenario("convergence", ("alg1",), "objective per iteration, three δ_c (paper Fig. 2)"),
        Scenario("tradeoff", _METHODS, "mean SR and CRLB over the δ_c grid (paper Fig. 3)"),
        *(Scenario(n, ("wmmse_sdr", "alg1"), "objective vs N_s, M = 3 (paper Fig. 4)")
          for n in _NS),
        Scenario("nt_sweep", ("fp_sgda", "alg1", "alg1_ns0", "ld_alg1", "ld_alg1_random"),
                 "SR, CRLB and CPU time vs N_t (paper Table I, Fig. 5)"),
        Scenario("nt_sweep_sdr", ("wmmse_sdr",), "WMMSE-SDR part of the N_t sweep"),
        Scenario("nt_sweep_dense", _DENSE_METHODS,
                 "the N_t sweep's run times with the dense N_t × N_t FIM and gradient (Fig. 5b)"),
        Scenario("k_sweep", _METHODS, "sum rate, CRLB, objective vs K (paper Fig. 6)"),
        Scenario("pt_sweep", _METHODS, "sum rate, CRLB, objective vs P_t (paper Fig. 7)"),
    ),
    schemes=(
        Scheme("wmmse_sdr", f"{_PKG}.sdr:wmmse_sdr_scheme", "WMMSE-SDR"),
        Scheme("fp_sgda", f"{_PKG}.schemes:fp_sgda_scheme", "FP-SGDA"),
        Scheme("alg1", f"{_PKG}.schemes:alg1", "Algorithm 1"),
        Scheme("alg1_ns0", f"{_PKG}.schemes:alg1", "Algorithm 1, $N_s = 0$"),
        Scheme("ld_alg1", f"{_PKG}.schemes:ld_alg1", "LD Algorithm 1"),
        Scheme("ld_alg1_random", f"{_PKG}.schemes:ld_alg1", "LD Algorithm 1 from random starts"),
    ),
    figures=(
        _fig("fig2", (("convergence", "alg1"),), ("objective_history", "iterations"),
             "Paper Fig. 2: objective of Algorithm 1 per iteration (λ rule "
             "'{o[convergence/alg1][lambda_rule]}', {o[convergence/alg1][init]} start, "
             "{n[convergence]} draw(s)) for δ_s = {m[convergence][delta_s]} and "
             "δ_c ∈ {{{x[convergence]!l}}}."),
        _fig("fig3", tuple(("tradeoff", m) for m in _METHODS), ("sum_rate", "crlb"),
             "Paper Fig. 3: trade-off region, mean sum rate vs mean CRLB over the channels as "
             "δ_c runs over 10^{lo[tradeoff]}…10^{hi[tradeoff]} (δ_s = {m[tradeoff][delta_s]}). "
             "At the smallest δ_c the sum-rate term barely moves the SDP's optimum, so "
             "WMMSE-SDR's sum rate there is set by the point of the optimal face the conic "
             "solver returns (solver-defined; the authors' runs sit higher)."),
        _fig("fig4", tuple((n, m) for n in _NS for m in ("alg1", "wmmse_sdr")), ("objective",),
             "Paper Fig. 4: objective vs number of sensing streams N_s (M = {m[ns_k1][M]}, "
             "L = {m[ns_k1][L]}); K = 0 is sensing only (δ_c = {m[ns_sensing][delta_c]}, "
             "P_t = {m[ns_sensing][Pt_dBm]} dBm, as coded)."),
        _fig("fig5", _NT + _DENSE, ("runtime_s", "failed_runtime_s"),
             "Paper Fig. 5: average CPU time of one solve vs N_t (this machine, one thread): "
             "(a) our low-rank FIM and gradient, (b) the dense N_t × N_t form of the "
             "authors' code ({n[nt_sweep_dense]} realisations); large open markers are the "
             "mean time of the failed runs."),
        _fig("table1", _NT, ("sum_rate", "crlb"),
             "Table I: mean (sum rate [nats/s/Hz], CRLB) vs the simulated "
             "N_t = {lo[nt_sweep]}…{hi[nt_sweep]} (N_r = N_rh·N_t/N_th, N_rh = "
             "{m[nt_sweep][Nrh]}). The paper's column labels read N_t = 8…128: half the "
             "simulated sizes, a label error (spec §9 item 8).", kind="table"),
        _fig("fig6", tuple(("k_sweep", m) for m in _METHODS), _METRICS,
             "Paper Fig. 6: sum rate (nats/s/Hz, dash-dot), CRLB (dashed) and objective "
             "{m[k_sweep][delta_c]}·SR − {m[k_sweep][delta_s]}·CRLB (solid) vs the number of "
             "users, N_s = N_t."),
        _fig("fig7", tuple(("pt_sweep", m) for m in _METHODS), _METRICS,
             "Paper Fig. 7: sum rate (nats/s/Hz, dash-dot), CRLB (dashed) and objective "
             "{m[pt_sweep][delta_c]}·SR − {m[pt_sweep][delta_s]}·CRLB (solid) vs transmit "
             "power, N_s = N_t."),
    ),
)

#: the library API of this study: name -> module (imported on first use)
_EXPORTS = {
    "at_point": "model",
    "draw_channels": "model",
    "draw_targets": "model",
    "geometry": "model",
    "n_sensing": "model",
    "n_transmit": "model",
    "pad": "model",
    "unpad": "model",
    "TargetGeometry": "fim",
    "crlb": "fim",
    "crlb_gradient_matrix": "fim",
    "target_geometry": "fim",
    "AscentResult": "sca",
    "Problem": "sca",
    "fp_sgda": "sca",
    "low_dimensional_sca": "sca",
    "project_power": "sca",
    "two_layer_sca": "sca",
    "build_sdp": "wmmse_sdr",
    "truncate_sensing": "wmmse_sdr",
    "alg1": "schemes",
    "fp_sgda_scheme": "schemes",
    "ld_alg1": "schemes",
    "problem": "schemes",
    "wmmse_sdr_scheme": "sdr",
}
__all__ = ["STUDY", "validate", *_EXPORTS]
__getattr__ = lazy_exports(__name__, _EXPORTS)
