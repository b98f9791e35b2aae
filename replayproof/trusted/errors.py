"""Errors a user can cause, and the exit codes scripts can rely on."""
from __future__ import annotations

EXIT_OK = 0
EXIT_REFUTED = 1      # a check ran and said no (invalid certificate, failed theorem row)
EXIT_INPUT = 2        # bad input: malformed file, unknown name, value out of range
EXIT_UNKNOWN = 3      # a solver answered unknown or timed out: no verdict
EXIT_INTERNAL = 70    # EX_SOFTWARE: a bug (e.g. the game and the criterion disagreeing), never a verdict


class ReplayproofError(Exception):
    """An error caused by the input, reported as one line and exit code 2."""

    exit_code = EXIT_INPUT


class InputError(ReplayproofError):
    """Malformed or out-of-range input; the message names the offending input."""


class SolverUnknown(ReplayproofError):
    """A solver answered unknown or ran out of time; never turned into a verdict."""

    exit_code = EXIT_UNKNOWN
