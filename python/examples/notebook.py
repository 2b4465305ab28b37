"""The notebook's walk, in PySpark: read Kaggle's train.csv into a DataFrame, hold 1,000 digits
out as the dev set, train digitnet's network in a Pipeline, print the dev accuracy, write the
Kaggle submission for test.csv, and load the saved model.npz into NumPy to predict with the
notebook's own forward_prop, which gives the same labels.

    python examples/notebook.py [TRAIN.csv] [TEST.csv] [OUT]

Defaults: the bundled digits (data/mnist-10k.csv.gz and data/mnist-test.csv.gz, in Kaggle's
format) and runs/pyspark-notebook. Needs pyspark, numpy and the digitnet wheel.
"""

import os
import sys

import numpy as np
from pyspark.ml import Pipeline
from pyspark.ml.feature import VectorAssembler
from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import IntegerType, StructField, StructType

import digitnet
from digitnet.ml import DigitNetClassifier

PIXELS = [f"pixel{p}" for p in range(784)]


# The notebook's forward pass, as it wrote it, on X of shape (784, m) with pixels in 0..1.
def ReLU(Z):
    return np.maximum(Z, 0)


def softmax(Z):
    A = np.exp(Z - Z.max(axis=0))  # less the column maximum: the same value, never inf
    return A / sum(A)


def forward_prop(W1, b1, W2, b2, X):
    Z1 = W1.dot(X) + b1
    A1 = ReLU(Z1)
    Z2 = W2.dot(A1) + b2
    A2 = softmax(Z2)
    return Z1, A1, Z2, A2


def get_predictions(A2):
    return np.argmax(A2, 0)


def run(spark, train_csv, test_csv, out, iterations=500, dev_rows=1000):
    """The walk above; returns the dev accuracy and the (Spark, NumPy) labels of test.csv's digits."""
    # Kaggle's train.csv: label, pixel0..pixel783, integers; test.csv the same without the label.
    label = [StructField("label", IntegerType())]
    pixels = [StructField(p, IntegerType()) for p in PIXELS]
    train = spark.read.csv(train_csv, header=True, schema=StructType(label + pixels))
    test = spark.read.csv(test_csv, header=True, schema=StructType(pixels))

    # The notebook shuffles the rows and keeps the first 1,000 as the dev set; devRows holds out
    # as many, chosen by a seeded hash of each row's content, so any row order gives the same ones.
    network = DigitNetClassifier(hidden=10, maxIter=iterations, stepSize=0.1, devRows=dev_rows)
    model = Pipeline(stages=[VectorAssembler(inputCols=PIXELS, outputCol="features"), network]).fit(train)
    summary = model.stages[-1].summary
    print(f"dev accuracy {summary.devAccuracy[-1]:.4f} at iteration {summary.iterations} of {dev_rows} held-out digits")

    model.write().overwrite().save(out)
    numbered = test.withColumn("ImageId", F.monotonically_increasing_id() + 1)
    submission = model.transform(numbered).select("ImageId", F.col("prediction").cast("int").alias("Label"))
    spark_labels = [row.Label for row in submission.orderBy("ImageId").collect()]
    with open(os.path.join(out, "submission.csv"), "w") as f:
        f.write("ImageId,Label\n" + "".join(f"{i},{label}\n" for i, label in enumerate(spark_labels, 1)))
    print(f"wrote {out}/submission.csv: {len(spark_labels)} rows of ImageId,Label")

    # The saved pipeline's digitnet stage holds model.npz: the notebook's arrays, for NumPy.
    stage = os.path.join(out, "stages", sorted(os.listdir(os.path.join(out, "stages")))[-1], "model.npz")
    weights = np.load(stage)
    X = np.array(test.collect(), dtype=np.float64).T / 255.
    _, _, _, A2 = forward_prop(weights["W1"], weights["b1"], weights["W2"], weights["b2"], X)
    numpy_labels = get_predictions(A2).tolist()
    same = sum(a == b for a, b in zip(spark_labels, numpy_labels))
    print(f"NumPy's forward_prop on model.npz: the same label for {same} of {len(numpy_labels)} test digits")
    return summary.devAccuracy[-1], spark_labels, numpy_labels


if __name__ == "__main__":
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    args = sys.argv[1:] + [None] * 3
    session = digitnet.configure(SparkSession.builder.master("local[*]").appName("digitnet notebook")).getOrCreate()
    run(session, args[0] or os.path.join(root, "data", "mnist-10k.csv.gz"),
        args[1] or os.path.join(root, "data", "mnist-test.csv.gz"), args[2] or "runs/pyspark-notebook")
    session.stop()
