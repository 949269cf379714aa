"""The bundled demo: a careers site served on loopback and the companies that point at it."""
