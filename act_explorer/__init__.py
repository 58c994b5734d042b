"""Activation Explorer: see what an activation function does to a neural network."""

__version__ = "0.1.0"
