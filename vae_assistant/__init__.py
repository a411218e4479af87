"""vae-assistant: an offline assistant that helps a VAE candidate write the livret 2 of a certification."""

__version__ = "0.1.0"
