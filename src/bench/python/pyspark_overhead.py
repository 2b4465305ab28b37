"""What the Python layer adds to a fit: DigitNetClassifier.fit from Python against the Java
estimator's fit called directly, on the same cached DataFrame in the same session, alternating.

    scripts/python-env.sh    # then, with the wheel installed or PYTHONPATH=python DIGITNET_JAR=target/digitnet.jar:
    target/python/env-4.2/bin/python src/bench/python/pyspark_overhead.py [ROWS] [ITERATIONS] [ROUNDS]

Defaults: 8,000 rows drawn from data/mnist-10k.csv.gz, 100 iterations, 3 rounds; local[2].
"""

import gzip
import random
import statistics
import sys
import tempfile
import time

from pyspark.ml.feature import VectorAssembler
from pyspark.sql import SparkSession
from pyspark.sql.types import IntegerType, StructField, StructType

import digitnet
from digitnet.ml import DigitNetClassifier

rows, iterations, rounds = (int(a) for a in (sys.argv[1:] + ["8000", "100", "3"][len(sys.argv) - 1:]))
with gzip.open("data/mnist-10k.csv.gz", "rt") as f:
    header, *lines = f.readlines()
csv = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False)
csv.writelines([header] + random.Random(0).sample(lines, rows))
csv.close()

spark = digitnet.configure(SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
                           .config("spark.driver.host", "127.0.0.1")).getOrCreate()
pixels = [f"pixel{p}" for p in range(784)]
schema = StructType([StructField(c, IntegerType()) for c in ["label"] + pixels])
digits = VectorAssembler(inputCols=pixels, outputCol="features").transform(
    spark.read.csv(csv.name, header=True, schema=schema)).select("label", "features").cache()
digits.count()

estimator = DigitNetClassifier(maxIter=iterations, checkpointInterval=-1)


def from_python():
    return estimator.fit(digits)


def from_java():
    java = spark._jvm.digitnet.ml.DigitNetClassifier().setMaxIter(iterations).setCheckpointInterval(-1)
    return java.fit(digits._jdf)


def seconds(fit):
    start = time.perf_counter()
    fit()
    return time.perf_counter() - start


seconds(from_python), seconds(from_java)  # warm-up: JIT, class loading
times = {"python": [], "java": []}
for _ in range(rounds):
    times["python"].append(seconds(from_python))
    times["java"].append(seconds(from_java))
python, java = statistics.median(times["python"]), statistics.median(times["java"])
print(f"{rows} rows, {iterations} iterations, median of {rounds} alternating: Python fit {python:.3f} s, "
      f"Java fit {java:.3f} s, Python/Java {python / java:.4f}; "
      f"python {[round(t, 3) for t in times['python']]}, java {[round(t, 3) for t in times['java']]}")
spark.stop()
