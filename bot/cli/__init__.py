"""The `rolebot` terminal client."""
