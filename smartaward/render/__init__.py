"""Renderers: one module per output family. The core never imports these."""
