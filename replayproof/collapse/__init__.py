"""Model-collapse laboratory: recursive training on real + synthetic data, at laptop scale.

Three experiments, each a pure function returning a frozen dataclass (the CLI prints them):

* `run_recursive` - contaminated recursive training of 1-D density estimators
  (Wang, Niu, Li, arXiv 2602.16065): W1 error per generation and fitted vs predicted rates.
* `run_logic` - the self-consuming loop on Boolean logic expressions
  (Briesch, Sobania, Rothlauf, arXiv 2311.16822): exact correctness and diversity, over seeds;
  the model is a ModelSpec (NGramSpec, or transformer.TransformerSpec with the neural extra).
* `run_chain` - Markovian generation chains: closed classes, stationary laws and absorption
  computed exactly, checked against a seeded simulation.

See docs/collapse.md for the mathematics, the choices, and measured numbers.
"""
from .estimators import (BASELINE_RATE, ESTIMATORS, MIXTURE, NORMAL, GaussianModel,
                         HistogramModel, KDEModel, Truth, fit_model, w1_gaussians, wasserstein1)
from .chain import (ChainAnalysis, ChainResult, analyse_chain, builtin_chain, load_matrix,
                    run_chain, stationary_distribution)
from .logic import (CONTEXTS, CYCLES, CycleRun, Decline, GenerationStats, LogicResult, ModelSpec,
                    NGramModel, NGramSpec,
                    ParseError, distinct_ratio, evaluate, levenshtein_diversity, ngram_entropy,
                    parse, random_expression, real_expressions, run_logic, z3_agrees)
from .recursive import (SCHEMES, AlphaRun, RecursiveResult, fit_rate, predicted_inflation,
                        predicted_rate, run_recursive)

__all__ = [
    "run_recursive", "RecursiveResult", "AlphaRun", "fit_rate", "predicted_rate",
    "predicted_inflation", "SCHEMES",
    "run_chain", "ChainResult", "ChainAnalysis", "analyse_chain", "builtin_chain", "load_matrix",
    "stationary_distribution",
    "run_logic", "LogicResult", "CycleRun", "Decline", "GenerationStats", "NGramModel", "NGramSpec",
    "ModelSpec", "CYCLES", "CONTEXTS",
    "parse", "evaluate", "ParseError", "z3_agrees", "random_expression", "real_expressions",
    "distinct_ratio", "ngram_entropy", "levenshtein_diversity",
    "ESTIMATORS", "BASELINE_RATE", "Truth", "NORMAL", "MIXTURE", "GaussianModel", "KDEModel",
    "HistogramModel", "fit_model", "wasserstein1", "w1_gaussians",
]
