"""Machine suggestions of codes for essays awaiting coding, and how far to trust them.

``model`` fits a model per code on the consensus (TF-IDF and logistic regression, or a
codebook baseline for codes with few coded essays) and applies it; ``evaluate`` scores it as a
coder, cross-validated by essay, against the consensus and each coder, with a learning curve;
``queue`` orders the essays awaiting coding by how much a coding would teach the model.
Suggestions are never coding or consensus: nothing in merge, agreement or themes reads them.
Pure functions over DataFrames; reading and writing is :mod:`thematic.stages.suggest`'s job.
"""

from thematic.suggest.evaluate import cross_validated, learning_curve, machine_agreement
from thematic.suggest.model import BASELINE, CLASSIFIER, corpus, fit, label_matrix, predict
from thematic.suggest.queue import coding_queue

__all__ = [
    "BASELINE",
    "CLASSIFIER",
    "coding_queue",
    "corpus",
    "cross_validated",
    "fit",
    "label_matrix",
    "learning_curve",
    "machine_agreement",
    "predict",
]
