"""Shared physics of every study, in one convention.

Conventions (every module here):

* Complex baseband; powers in watts, noise powers per receive antenna; dB and dBm only at the
  configuration boundary (:mod:`isac.core.units`).
* A downlink to K single-antenna users is ``G`` of shape (..., K, N): user k receives
  ``(G x)_k``. A paper that writes y_k = h_kᴴ x has G = Hᴴ for H = [h_1 … h_K] (N, K); one that
  writes y_k = h_kᵀ x has rows h_kᵀ. Beamformers are columns: ``W_c`` (..., N, K), column k
  serves user k.
* Uniform arrays have half-wavelength spacing unless stated; each steering function states
  its normalisation (the UPA is unit-norm as the crlb_sca authors code it, the ULA
  unnormalised, ‖a‖² = N) (:mod:`isac.core.arrays`).

Modules: ``arrays`` (steering vectors and derivatives), ``channels`` (draws, path loss,
Rician fading), ``comm`` (SINR, rate, BER), ``echo`` (MIMO radar echo), ``precoders`` (ZF,
RZF, MRT, CIC), ``units``, ``linalg`` (PSD factors, span bases), ``cvx`` (the one convex-solve
helper, with a direct Clarabel path for small linear programs).
"""
