"""Progress of the long phases (reading, inferring, validating, indexing, writing dumps, pushing):
the work reports each phase and its steps (phases.py); the command line shows them as bars on a
terminal and their durations with --verbose (terminal.py). Nothing listens in a server or a test."""
