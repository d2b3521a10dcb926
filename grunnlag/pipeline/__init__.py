"""Build: the stages build.py runs, the rebuild keys, the worker pool, the output folder, the
records and caches, and the national outputs."""
