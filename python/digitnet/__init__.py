"""digitnet for PySpark: the notebook's two-layer digit network, trained data-parallel on Spark.

The network is digitnet's Java estimator; this package carries its jars (one for Spark 4.x /
Scala 2.13, one for Spark 3.5 / Scala 2.12) and wraps it for Python::

    from pyspark.sql import SparkSession
    import digitnet
    from digitnet.ml import DigitNetClassifier

    spark = digitnet.configure(SparkSession.builder.master("local[*]")).getOrCreate()

``configure`` puts the jar that fits the installed pyspark into ``spark.jars``; the JVM reads that
setting once, when the session starts, so it comes before ``getOrCreate``.
"""

import glob
import os
import zipfile

import pyspark

from digitnet import _pyspark

__version__ = "0.1.0"
__all__ = ["jar_path", "configure", "__version__"]

_JAR_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jars")
_JAR_OVERRIDE = "DIGITNET_JAR"


class JarLine:
    """The Spark line and Scala version a digitnet jar was built for (its version.properties)."""

    def __init__(self, jar: str):
        try:
            with zipfile.ZipFile(jar) as archive:
                text = archive.read("digitnet/version.properties").decode("utf-8")
        except (OSError, KeyError, zipfile.BadZipFile) as e:
            raise ValueError(f"{jar} is not a digitnet jar ({e})") from None
        entries = dict(line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#"))
        self.jar = jar
        self.spark = entries.get("spark.line", "?")
        self.scala = entries.get("scala.binary.version", "?")

    def runs_on(self, spark_version: str, scala_version: str) -> bool:
        """Whether this jar runs on a Spark of ``spark_version`` built with ``scala_version``.

        Spark's Scala version is part of its binary interface; within Spark 4 one jar runs on every
        release (4.0.1 and later), and the 3.5 jar on 3.5 only.
        """
        running, built = spark_version.split(".")[:2], self.spark.split(".")[:2]
        same_line = running[0] == built[0] and (running[0] == "4" or running == built)
        return same_line and scala_version.startswith(self.scala)

    def check(self, spark_version: str, scala_version: str) -> None:
        """Refuses, naming both lines, a jar that does not fit the Spark at hand."""
        if not self.runs_on(spark_version, scala_version):
            raise ValueError(
                f"{self.jar} is digitnet's jar for Spark {self.spark} / Scala {self.scala}, but this pyspark is "
                f"Spark {spark_version} / Scala {scala_version}: use the jar of that line (without "
                f"{_JAR_OVERRIDE}, digitnet.jar_path() chooses it from the installed wheel)")


def _installed_scala() -> str:
    """The Scala version of the installed pyspark, read from the scala-library jar it ships."""
    jars = glob.glob(os.path.join(os.path.dirname(pyspark.__file__), "jars", "scala-library-*.jar"))
    if not jars:
        return "2.13" if pyspark.__version__.startswith("4.") else "2.12"
    return os.path.basename(jars[0])[len("scala-library-"):].rsplit(".", 2)[0]


def jar_path() -> str:
    """The digitnet jar that fits the installed pyspark: Spark 4.x takes the Scala 2.13 jar,
    Spark 3.5 the Scala 2.12 one. The environment variable ``DIGITNET_JAR`` names another jar
    instead (a jar built from source, for example); it is checked against pyspark all the same.

    Raises ValueError for a jar that is missing or does not fit the installed pyspark.
    """
    spark_version = pyspark.__version__
    override = os.environ.get(_JAR_OVERRIDE)
    if override:
        if not os.path.isfile(override):
            raise ValueError(f"{_JAR_OVERRIDE}={override}: no such file")
        jar = os.path.abspath(override)
    else:
        name = "digitnet-spark4.2_2.13.jar" if spark_version.startswith("4.") else "digitnet-spark3.5_2.12.jar"
        jar = os.path.join(_JAR_DIR, name)
        if not os.path.isfile(jar):
            raise ValueError(
                f"this digitnet package holds no {name} for pyspark {spark_version} (a source tree, not the wheel?): "
                f"install the wheel scripts/build-wheel.sh writes, or set {_JAR_OVERRIDE} to a digitnet jar")
    JarLine(jar).check(spark_version, _installed_scala())
    return jar


def configure(builder):
    """Adds :func:`jar_path` to the builder's ``spark.jars``, after the jars it already lists, and
    returns the builder. Call it before ``getOrCreate()``: a running JVM does not take new jars."""
    listed = _pyspark.builder_options(builder).get("spark.jars", "")
    jars = [j for j in listed.split(",") if j]
    jar = jar_path()
    if jar not in jars:
        jars.append(jar)
    return builder.config("spark.jars", ",".join(jars))
