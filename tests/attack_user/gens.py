"""User generators for the attack tests (loaded as path/file.py:function)."""


def stale(observed):
    """Always repeats the first observed example (wrong: not fresh)."""
    return observed[0]


def same_parity(observed):
    """Fresh element with the parity of x_1, nearest 0: correct on even/odd, even under replay."""
    seen, p, v = set(observed), observed[0] % 2, 0
    while v in seen or v % 2 != p:
        v = -v if v > 0 else -v + 1
    return v


def with_class(observed, cls):
    """Fresh element of the first hypothesis containing x_1."""
    h = next(i for i in range(cls.n) if cls.member(i, observed[0]))
    seen, v = set(observed), 0
    while v in seen or not cls.member(h, v):
        v = -v if v > 0 else -v + 1
    return v


def boom(observed):
    if len(observed) >= 2:
        raise ZeroDivisionError("boom")
    return observed[0] + 2  # correct at round 1 on even/odd


def text(observed):
    return observed[0] + 2 if len(observed) < 2 else "h9"  # an element first, then a name


def bad_type(observed):
    return 1.5


def first_name(observed, cls):
    return cls.names[0]


def unknown_name(observed):
    return "nope"


def slow(observed):
    import time
    time.sleep(1.2)
    return observed[0]


def slow_correct(observed):
    """Slow and never wrong on even_odd (a fresh element of x_1's parity): a search must time out."""
    import time
    time.sleep(1.2)
    return observed[0] + 2 * (max(abs(x) for x in observed) + 1)
