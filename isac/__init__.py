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
"""

__version__ = "0.1.0"
