"""Spark Connect (pyspark 4): fit, transform, save and load work through Spark's ML service, and
what that service does not allow for a library's model is refused at once, saying why.

In its own process: a Python process has one kind of session, and the other tests' is classic.
"""

import json
import os

from conftest import run_python

PROGRAM = """
import json, sys
from pyspark.ml import Pipeline, PipelineModel
from pyspark.sql import SparkSession
import digitnet
from conftest import PIXELS, read_digits
from digitnet.ml import DigitNetClassificationModel, DigitNetClassifier

out, csv = sys.argv[1], sys.argv[2]
spark = digitnet.configure(SparkSession.builder.remote("local[2]")).getOrCreate()
digits = read_digits(spark, csv)
model = DigitNetClassifier(hidden=8, maxIter=5, checkpointInterval=-1).fit(digits)
model.write().save(out + "/model")
loaded = DigitNetClassificationModel.load(out + "/model")
pipeline = Pipeline(stages=[DigitNetClassifier(hidden=4, maxIter=3, checkpointInterval=-1)]).fit(digits)
pipeline.write().save(out + "/pipeline")
try:
    model.evaluate(digits)
    refusal = None
except NotImplementedError as e:
    refusal = str(e)
print("RESULT " + json.dumps(dict(
    session=type(spark).__module__,
    columns=model.transform(digits).columns,
    predictions=[r.prediction for r in model.transform(digits).limit(20).collect()],
    loaded=[r.prediction for r in loaded.transform(digits).limit(20).collect()],
    pipeline=type(PipelineModel.load(out + "/pipeline").stages[0]).__name__,
    numFeatures=model.numFeatures, refusal=refusal)), flush=True)
# Ends the session and, as it was started by remote("local[2]"), the local Connect server with it.
spark.stop()
"""


def test_fit_transform_save_and_load_work_over_spark_connect(digits_csv, tmp_path):
    printed = run_python(PROGRAM, str(tmp_path), digits_csv)
    lines = [line for line in printed.splitlines() if line.startswith("RESULT ")]
    assert lines, printed[-4000:]
    got = json.loads(lines[0][len("RESULT "):])
    assert got["session"] == "pyspark.sql.connect.session"
    assert got["columns"] == ["label", "features", "rawPrediction", "probability", "prediction"]
    assert got["loaded"] == got["predictions"] and got["numFeatures"] == 784
    assert got["pipeline"] == "DigitNetClassificationModel"
    assert "not available over Spark Connect" in got["refusal"] and "MulticlassClassificationEvaluator" in got["refusal"]
    assert os.path.isfile(os.path.join(tmp_path, "model", "model.npz"))
