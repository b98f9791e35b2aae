"""The class layer: predicates, class files, exact cells and what reads off them.

Everything here describes a finite hypothesis class; nothing here knows the rules of the game
(that is the kernel's job) or any engine built on top.
"""
