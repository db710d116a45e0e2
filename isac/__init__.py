"""isac-repro: models, metrics and optimisers for ISAC beamforming studies.

The numerical modules (``isac.models``, ``isac.metrics``, ``isac.algorithms``) are plain
functions of NumPy arrays. ``isac.studies`` is the registry the Snakemake workflow reads;
``isac.pipeline`` and ``isac.stages`` turn the registry and the config into jobs.
"""

__version__ = "0.1.0"
