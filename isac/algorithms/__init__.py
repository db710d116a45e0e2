"""Precoders, baselines and optimisation algorithms of the papers."""
