"""isac-repro: models, metrics and optimisers of ISAC beamforming papers, and their pipeline.

* ``isac.core``: shared physics in one convention (arrays, channels, SINR/rate/BER, precoders,
  units, linear algebra, the convex-solve helper).
* ``isac.studies.<study>``: one paper each: its model (``at_point``, channel draws), equations
  by topic, algorithms by method, schemes, evaluation and figures; the package's ``STUDY``
  record is its registry entry.
* ``isac.contract``: the per-point result type and runner every scheme uses.
* Plumbing: ``config``, ``pipeline`` (the plan), ``stages``, ``io``, ``rng``, ``provenance``,
  ``summary``, ``cli``, ``workspace``.

The numerical modules are plain functions of NumPy arrays: no Snakemake, no paths.

Where each paper's algorithms live. Each algorithm sits in a module named by its method,
and the study package re-exports the names that are not also module names. Section "Use
the algorithms" of the README has a runnable example per study.

* ``isac.studies.kld_isac`` (KLD-based ISAC, journal): ``projected_gradient.projected_gradient``
  (Algorithm 1: K-ROP, D-ROP), ``interior_point.interior_point`` (Algorithm 2: K-COP, B-COP),
  ``admm.admm`` (Algorithm 3: K-IOP); the problems ``Instance``, ``radar_design``,
  ``comm_design`` and ``integrated_design``; the metrics ``kld_radar``, ``kld_comm`` and
  ``pd_kld_map``.
* ``isac.studies.kld_isac_conf`` (KLD-based ISAC, conference): ``schemes.mrt`` and
  ``cic_mrt`` (MRT with CIC radar); ``kld_comm_mrt`` and ``roc_grid``.
* ``isac.studies.crlb_sca`` (CRLB vs sum rate): ``two_layer_sca`` (Algorithm 1),
  ``low_dimensional_sca``, ``fp_sgda``, ``wmmse_sdr.wmmse_sdr`` (the SDR baseline);
  ``Problem``, ``target_geometry``, ``fim.fim`` and ``crlb``.
* ``isac.studies.mi_moo`` (multi-objective MI beamforming): ``proposed``, ``zf_violated``,
  ``sensing_centric``, ``communication_centric``, ``communication_only`` and
  ``mi_constrained`` (bisection over the SDR feasibility problem, ``bisection.bisection``),
  and ``radar_only``; ``MooProblem``, ``sensing_mi``, ``mi_upper_bound`` and
  ``capon_spectrum``.
* ``isac.studies.iaps_dfrc`` (distributed DFRC power allocation): ``transmit_beams``; the
  allocation LPs ``maximise_sensing``, ``minimise_power``, ``max_min_sinr`` and
  ``algorithm1``; ``fused_detection``.
"""

__version__ = "0.1.0"
