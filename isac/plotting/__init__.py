"""Figure functions: ``plot(summary, spec, style) -> matplotlib Figure``, one per figure."""
