"""Test support shared by the tests and the benchmarks: importing it imports no test."""
