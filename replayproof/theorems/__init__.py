"""The paper's results as machine checks: one catalog drives the command, the tests and the docs."""
