"""The parts of pyspark that are not its public API, in one place.

pyspark's own estimators are built on these (``pyspark.ml.classification`` defines them with a
leading underscore), and they have kept their names from 3.0 to 4.x; if a later pyspark renames
one, this is the only module to change.
"""

from pyspark import SparkContext
from pyspark.ml.classification import (  # noqa: F401 (re-exported)
    _JavaProbabilisticClassificationModel as JavaProbabilisticClassificationModel,
    _JavaProbabilisticClassifier as JavaProbabilisticClassifier,
    _ProbabilisticClassifierParams as ProbabilisticClassifierParams,
)

try:  # pyspark 3.4 and later
    from pyspark.sql.utils import is_remote
except ImportError:  # pragma: no cover - older pyspark has no Spark Connect
    def is_remote() -> bool:
        return False


def builder_options(builder) -> dict:
    """The settings a ``SparkSession.Builder`` holds so far (its ``_options``), classic or Connect."""
    return builder._options


def active_context():
    """The running SparkContext of a classic session, or None."""
    return SparkContext._active_spark_context
