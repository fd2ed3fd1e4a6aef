"""Test helpers shared by every test module."""
