"""Performance metrics: KLD (radar and communication), detection probability, BER."""
