"""rashomon: make sense of conflicting news.

>>> from rashomon import analyze
>>> result = analyze(["articles/"])          # doctest: +SKIP
>>> result.claims[0].status                   # doctest: +SKIP
'disputed'
"""

from .model import AnalysisResult, Article, Claim, ClaimMention, Contradiction, Entity
from .pipeline import analyze

__version__ = "0.1.0"
__all__ = [
    "AnalysisResult",
    "Article",
    "Claim",
    "ClaimMention",
    "Contradiction",
    "Entity",
    "analyze",
    "__version__",
]
