"""Config validation: every invalid value fails before any job, naming the key and the value."""

from __future__ import annotations

import copy

import pytest
import yaml

from isac.config import ConfigError, load, resolve
from tests.conftest import ROOT, copy_project, snakemake

STUDY_FILE = ROOT / "config" / "studies" / "kld_isac.yaml"


def _top(**overrides):
    return yaml.safe_load((ROOT / "config" / "config.yaml").read_text()) | overrides


def _with_study(tmp_path, edit, slug: str = "kld_isac") -> dict:
    """Resolve the shipped config with ``config/studies/<slug>.yaml`` changed by ``edit``."""
    studies = tmp_path / "config" / "studies"
    studies.mkdir(parents=True)
    for path in (ROOT / "config" / "studies").glob("*.yaml"):
        raw = yaml.safe_load(path.read_text())
        if path.stem == slug:
            edit(raw)
        (studies / path.name).write_text(yaml.safe_dump(raw))
    (tmp_path / "workflow").symlink_to(ROOT / "workflow")
    return resolve(_top(), tmp_path)


def test_shipped_config_is_valid():
    for scale in ("paper", "quick", "ci"):
        cfg = load(ROOT, {"scale": scale})
        for study in cfg["studies"].values():
            for scenario in study["scenarios"].values():
                assert scenario["trials"] > 0 and scenario["x"]
                assert set(scenario["options"]) == set(scenario["schemes"])


def test_scenario_trials_set_one_scenarios_draws(tmp_path):
    """A scale's ``scenario_trials`` replaces its ``trials`` for the named scenario only, and
    the scenario's chunks follow; the scenario's own ``max_trials`` still caps it."""
    def edit(raw):
        raw["scales"]["paper"].update(trials=16, chunk_size=8, scenario_trials={"rop": 3,
                                                                               "pr05": 40})
        raw["scenarios"]["pr05"]["max_trials"] = 20
    scen = _with_study(tmp_path, edit)["studies"]["kld_isac"]["scenarios"]
    assert (scen["rop"]["trials"], scen["rop"]["n_chunks"]) == (3, 1)
    assert (scen["pr05"]["trials"], scen["pr05"]["n_chunks"]) == (20, 3)
    assert (scen["cop"]["trials"], scen["cop"]["n_chunks"]) == (16, 2)


@pytest.mark.parametrize("key, value, expect", [
    ("scale", "fast", "scale = 'fast'"),
    ("master_seed", "abc", "master_seed = 'abc'"),
    ("master_seed", -1, "master_seed = -1"),
    ("studies", ["kld_isac", "no_such_study"], "studies = 'no_such_study'"),
    ("studies", [], "studies = []"),
])
def test_top_level_errors(key, value, expect):
    with pytest.raises(ConfigError, match=expect.replace("[", r"\[").replace("]", r"\]")):
        resolve(_top(**{key: value}), ROOT)


def _set(path, value):
    def edit(raw):
        node = raw
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    return edit


@pytest.mark.parametrize("path, value, expect", [
    (("model", "N"), "twenty", r"model\.N = 'twenty'"),           # wrong type
    (("model", "N"), 0, r"model\.N = 0"),                         # zero size
    (("model", "L"), -5, r"model\.L = -5"),                       # negative size
    (("model", "T"), 2.5, r"model\.T = 2\.5"),                    # non-integer size
    (("evaluate", "P_FA"), 1.5, r"evaluate\.P_FA = 1\.5"),
    (("model", "d_r"), [100, -115, 95], r"model\.d_r\.1 = -115"),
    (("evaluate", "modulation"), "QAM7", r"evaluate\.modulation = 'QAM7'"),
    (("x",), [], r"x = \[\]"),                                      # empty SNR grid
    (("scales", "ci", "x"), {"pr05": []}, r"scales\.ci\.x\.pr05 = \[\]"),
    (("scales", "ci", "x"), {"pr99": [0]}, r"scales\.ci\.x\.pr99: no such scenario"),
    (("scales", "ci", "scenario_trials"), {"pr99": 2},
     r"scales\.ci\.scenario_trials\.pr99: no such scenario"),
    (("scales", "ci", "scenario_trials"), {"pr05": 0}, r"scales\.ci\.scenario_trials\.pr05 = 0"),
    (("figures", "pd_mode"), "roc", r"figures\.pd_mode = 'roc'"),
    (("schemes", "cic_zf"), {"tol": 1}, r"schemes\.cic_zf\.tol: unknown key"),   # no options
    (("schemes", "zf_magic"), {}, r"schemes\.zf_magic: unknown key \(allowed: .*cic_zf"),
    (("scenarios", "pr05", "options"), {"cic_zf": {}, "mrt": {}},
     r"scenarios\.pr05\.options\.mrt: unknown key"),
    (("scales", "ci", "trials"), 0, r"scales\.ci\.trials = 0"),
    (("scales", "ci", "chunk_size"), -1, r"scales\.ci\.chunk_size = -1"),
    (("scenarios", "pr05", "schemes"), ["cic_zf", "k_magic"],
     r"scenarios\.pr05\.schemes = 'k_magic': unknown scheme"),      # unknown scheme
    (("scenarios", "pr77"), {"schemes": ["cic_zf"], "model": {"P_r": 0.5}},
     r"scenarios\.pr77: unknown scenario"),
    (("scenarios", "pr05", "model", "P_r"), 1.0, r"scenarios\.pr05\.model\.P_r = 1\.0"),
    (("evaluate", "radar_echo"), "all", r"scenarios\.rop\.evaluate\.radar_echo = 'all': the "
                                         r"optimisers \['k_rop', 'd_rop'\] model each"),
    (("evaluate", "radar_echo"), "some", r"evaluate\.radar_echo = 'some'"),
])
def test_study_errors(tmp_path, path, value, expect):
    with pytest.raises(ConfigError, match=expect):
        _with_study(tmp_path, _set(path, value))


@pytest.mark.parametrize("path, value, expect", [
    (("model", "Ns"), -1, r"model\.Ns = -1"),
    (("model", "Nth"), 0, r"model\.Nth = 0"),
    (("schemes", "alg1", "lambda_rule"), "fast", r"schemes\.alg1\.lambda_rule = 'fast'"),
    (("schemes", "alg1_ns0", "n_sensing"), -1, r"schemes\.alg1_ns0\.n_sensing = -1"),
    (("scenarios", "k_sweep", "options"), {"ld_alg1": {"tol": 0.1}},
     r"scenarios\.k_sweep\.options\.ld_alg1: the scheme is not run in this scenario"),
    (("scales", "ci", "options", "fp_sgda", "max_iter"), 0,
     r"scales\.ci\.options\.fp_sgda\.max_iter = 0"),
    (("scenarios", "pt_sweep", "x"), [], r"scenarios\.pt_sweep\.x = \[\]"),
    (("scenarios", "pt_sweep", "x"), [-5, "ten"], r"scenarios\.pt_sweep\.x\.1 = 'ten'"),
    (("scenarios", "k_sweep", "x"), [2, 2.5], r"k_sweep\.x = \[2\.0, 2\.5\]: K values must be "
                                              r"integers ≥ 1"),
    (("scenarios", "ns_k1", "x"), [0, -1], r"ns_k1\.x = \[0\.0, -1\.0\]: Ns values must be "
                                           r"integers ≥ 0"),                        # N_s < 0
    (("scenarios", "ns_k1", "x"), [0, 17], r"ns_k1\.x = \[0\.0, 17\.0\]: N_s above the 16"),
    (("scenarios", "tradeoff", "x"), [], r"scenarios\.tradeoff\.x = \[\]"),  # empty weights
    (("scenarios", "convergence", "x"), [0.1, -0.2], r"convergence\.x = .*δ_c must be ≥ 0"),
    (("scenarios", "pt_sweep", "x"), [-5, -250], r"pt_sweep\.x = \[-5\.0, -250\.0\]: "
                                                 r"transmit powers in dBm"),
    (("model", "Pt_dBm"), -250, r"model\.Pt_dBm = -250"),
    (("scenarios", "nt_sweep", "x"), [16, 30], r"nt_sweep\.x = .*multiples of Nth = 4"),
    (("scenarios", "nt_sweep", "x"), [4, 16], r"nt_sweep\.model\.K = 4: the model needs "
                                              r"K < N_t = 4"),
    (("scenarios", "tradeoff", "max_trials"), 0, r"tradeoff\.max_trials = 0"),
    (("model", "sweep"), "L", r"model\.sweep = 'L'"),
    (("schemes", "ld_alg1", "stop"), "never", r"schemes\.ld_alg1\.stop = 'never'"),
    (("scenarios", "k_sweep", "x"), [2, 16], r"K = 12: channels are drawn for K users but the "
                                             r"sweep asks for 16"),
    (("model", "K"), 16, r"pt_sweep\.model\.K = 16: the model needs K < N_t = 16"),
    (("scenarios", "k_sweep", "schemes"), ["alg1", "sgd"], r"schemes = 'sgd': unknown scheme"),
    (("scales", "ci", "x"), {"pt_sweep": []}, r"scales\.ci\.x\.pt_sweep = \[\]"),
    (("model", "targets", "theta"), [0.1], r"targets\.theta = \[0\.1\]: needs M = 2"),
])
def test_crlb_sca_errors(tmp_path, path, value, expect):
    with pytest.raises(ConfigError, match=expect):
        _with_study(tmp_path, _set(path, value), slug="crlb_sca")


@pytest.mark.parametrize("path, value, expect", [
    (("figures", "fig3", "pfa"), [1e-8, 1.0], r"figures\.fig3\.pfa = \[1e-08, 1\.0\]: below "
                                               r"the evaluated ROC support of scenario base"),
    (("figures", "fig6", "pfa"), [0.5, 0.1], r"fig6\.pfa = \[0\.5, 0\.1\]: needs 0 < low < high"),
    (("figures", "fig3", "x"), [0, 7], r"figures\.fig3\.x = \[7\]: not on the P_R/N_o grid of "
                                        r"scenario base"),
    (("figures", "fig9", "x"), 11, r"figures\.fig9\.x = \[11\]: not on the P_R/N_o grid of "
                                    r"scenario cop05"),
    (("figures", "fig3", "glrt"), "yes", r"figures\.fig3\.glrt = 'yes'"),
    (("figures", "fig6", "colour"), "red", r"figures\.fig6\.colour: unknown key"),
    (("figures", "roc_pfa"), [1e-6, 1.0], r"figures\.roc_pfa: unknown key"),
    (("scenarios", "roc_mc", "evaluate"), {"roc_glrt": {"frames": 5}},
     r"roc_mc\.evaluate\.roc_glrt\.frames = 5"),
    (("evaluate", "roc_support"), {"lo": 0.0, "per_decade": 4},
     r"evaluate\.roc_support\.lo = 0\.0"),
    (("evaluate", "clt_bins", "count"), 0, r"evaluate\.clt_bins\.count = 0"),
    (("model", "draw"), "targets", r"model\.draw = 'targets'"),
    (("model", "shadowing"), 1, r"model\.shadowing: unknown key \(allowed: .*draw"),
    (("schemes", "k_iop"), {}, r"schemes\.k_iop: unknown key"),   # not a scheme of C
    (("scenarios", "base", "schemes"), ["cic_zf", "mrt"],
     r"base\.schemes = 'mrt': unknown scheme for this scenario"),
    (("scenarios", "base", "model"), {"P_r": 0.5, "draw": "users"},
     r"base\.schemes = \['cic_zf', 'cic_mrt'\]: draws of the user channels alone"),
    (("scenarios", "clt", "model"), {"P_r": 0.5, "N": 64, "sweep": "N", "x_db": 10},
     r"clt\.schemes = \['mrt'\]: mrt is the CLT check's scheme and needs model\.draw"),
    (("scenarios", "clt", "x"), [2, 16], r"clt\.x = \[2\.0\]: antenna counts must be "
                                          r"integers in \(K, N\]"),
])
def test_kld_isac_conf_errors(tmp_path, path, value, expect):
    with pytest.raises(ConfigError, match=expect):
        _with_study(tmp_path, _set(path, value), slug="kld_isac_conf")


@pytest.mark.parametrize("path, value, expect", [
    (("model", "K"), 16, r"scenarios\.rcs\.model\.K = 16: the zero-forcing radar beam needs "
                          r"K < M = 16"),
    (("scenarios", "rap", "x"), [2, 25], r"rap\.x = \[25\.0\]: R values must be integers in "
                                          r"\[1, 20\]"),
    (("scenarios", "eta_sweep", "x"), [0.5, 1.0], r"eta_sweep\.x = .*must lie in \[0, 1\)"),
    (("scenarios", "dp_sweep", "x"), [0.01, 0.0], r"dp_sweep\.x = .*steps Δp must be > 0"),
    (("schemes", "with_s0", "infeasible"), "drop", r"schemes\.with_s0\.infeasible = 'drop'"),
    (("schemes", "algorithm1", "solver"), "cvxpy", r"schemes\.algorithm1\.solver = 'cvxpy'"),
    (("model", "sensing_beam"), "mrt", r"model\.sensing_beam = 'mrt'"),
    (("model", "noise_dbm"), -100, r"model\.noise_dbm: unknown key"),
])
def test_iaps_dfrc_errors(tmp_path, path, value, expect):
    with pytest.raises(ConfigError, match=expect):
        _with_study(tmp_path, _set(path, value), slug="iaps_dfrc")


def test_zf_needs_fewer_users_than_antennas(tmp_path):
    def edit(raw):
        raw["model"] |= {"K": 25, "d_c": [100.0] * 25}
    with pytest.raises(ConfigError, match=r"model\.K = 25: ZF precoding needs K < N = 20"):
        _with_study(tmp_path, edit)


def test_distance_lists_must_match_counts(tmp_path):
    with pytest.raises(ConfigError, match=r"d_c = \[150, 210\]: needs K = 3"):
        _with_study(tmp_path, _set(("model", "d_c"), [150, 210]))


def test_error_is_raised_before_any_job(tmp_path):
    work = copy_project(tmp_path)
    raw = yaml.safe_load(STUDY_FILE.read_text())
    bad = copy.deepcopy(raw)
    bad["model"]["N"] = -20
    (work / "config" / "studies" / "kld_isac.yaml").write_text(yaml.safe_dump(bad))
    proc = snakemake(work, "--cores", "1", "figures", "--config", "scale=ci", check=False)
    assert proc.returncode != 0
    assert "model.N = -20" in proc.stderr + proc.stdout
    assert not (work / "results").exists()
