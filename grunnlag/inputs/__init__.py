"""Inputs: the files people write (municipality YAML, national assumptions, texts, content) read
safely, validated, and turned into typed values or one-line errors. Imports no other layer."""
