"""The class layer the checker trusts: predicates, class files, exact cells by the periodicity scan.

Everything here describes a finite hypothesis class; nothing here knows the rules of the game
(that is the kernel's job). The solver's derivation of cells lives outside, in classes/.
"""
