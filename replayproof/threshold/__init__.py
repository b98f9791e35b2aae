"""The optimal uniform threshold d*: lower-bound certificates and verified upper bounds."""
