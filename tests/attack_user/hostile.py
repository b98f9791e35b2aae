"""Misbehaving user generators (issue 22): each must become a clear failure, never our crash or hang."""
import os
import sys


def loop(observed):
    while True:
        pass


def exit0(observed):
    sys.exit(0)


def exit3(observed):
    sys.exit(3)


def hard_exit(observed):
    os._exit(0)


def interrupt(observed):
    raise KeyboardInterrupt


def chatty(observed):
    """Prints on stdout and stderr, then answers like `stale` (defeated on even_odd)."""
    print("hello from the generator")
    print("and on stderr", file=sys.stderr)
    return observed[0]


_calls = [0]


def flaky(observed):
    """Answers differently on each call: not a function of the observed tuple."""
    _calls[0] += 1
    return observed[0] + 2 * _calls[0]
