"""Channel, array and transmit-signal models."""
