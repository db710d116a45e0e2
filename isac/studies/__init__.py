"""The study registry: the single source of truth for scenarios, schemes and figures."""

from __future__ import annotations

from isac.studies.base import Figure, Scenario, Scheme, Study
from isac.studies.crlb_sca import STUDY as _CRLB_SCA
from isac.studies.iaps_dfrc import STUDY as _IAPS_DFRC
from isac.studies.kld_isac import STUDY as _KLD_ISAC
from isac.studies.kld_isac_conf import STUDY as _KLD_ISAC_CONF
from isac.studies.mi_moo import STUDY as _MI_MOO

REGISTRY: dict[str, Study] = {s.slug: s for s in (_KLD_ISAC, _KLD_ISAC_CONF, _CRLB_SCA, _MI_MOO,
                                                   _IAPS_DFRC)}


def get_study(slug: str) -> Study:
    """The registered study ``slug`` (KeyError names the known ones)."""
    try:
        return REGISTRY[slug]
    except KeyError:
        raise KeyError(f"unknown study {slug!r}; registered: {sorted(REGISTRY)}") from None


__all__ = ["REGISTRY", "Figure", "Scenario", "Scheme", "Study", "get_study"]
