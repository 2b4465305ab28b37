"""Fit, transform, the summaries, sample weights, ONNX, and saving and loading between Python,
Java and the command line, in Pipelines, CrossValidator and TrainValidationSplit."""

import os

import numpy as np
import onnxruntime
import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.linalg import Vectors
from pyspark.ml.tuning import (CrossValidator, CrossValidatorModel, ParamGridBuilder, TrainValidationSplit,
                               TrainValidationSplitModel)
from pyspark.sql import functions as F

from conftest import FIT_PARAMS, PIXELS, ROWS, SCHEMA, run_local
from digitnet.ml import DigitNetClassificationModel, DigitNetClassifier


def model_bytes(model, folder):
    model.write().overwrite().save(str(folder))
    with open(os.path.join(folder, "model.npz"), "rb") as f:
        return f.read()


def predictions(model, frame):
    return [row.prediction for row in model.transform(frame).orderBy("id").select("prediction").collect()]


def test_fit_gives_the_command_lines_model_bit_for_bit(fitted, trained_run, tmp_path):
    with open(os.path.join(trained_run, "model.npz"), "rb") as f:
        assert model_bytes(fitted, tmp_path / "fitted") == f.read()


def test_transform_adds_scores_probabilities_and_predictions(fitted, digits):
    scored = fitted.transform(digits)
    assert scored.columns == ["label", "features", "rawPrediction", "probability", "prediction"]
    first = scored.head()
    assert len(first.rawPrediction) == 10 and abs(sum(first.probability) - 1) < 1e-12
    assert first.prediction == float(np.argmax(first.probability))
    assert fitted.numFeatures == 784 and fitted.numClasses == 10 and fitted.getHidden() == 12
    assert list(fitted.predictProbability(first.features)) == list(first.probability)
    assert fitted.predict(first.features) == first.prediction


def test_the_summary_records_every_iteration(fitted):
    summary = fitted.summary
    assert fitted.hasSummary and summary.iterations == 15 and summary.savedIteration == 15
    assert (summary.trainRows, summary.devRows, summary.stoppedEarly) == (ROWS - 100, 100, False)
    assert len(summary.loss) == len(summary.trainAccuracy) == len(summary.devAccuracy) == 15
    assert summary.loss[-1] < summary.loss[0] and summary.devAccuracy[-1] > 0.4


def test_evaluate_scores_labelled_digits(fitted, digits):
    evaluation = fitted.evaluate(digits)
    assert evaluation.count == ROWS and evaluation.accuracy > 0.5 and 0 < evaluation.loss < 2
    assert evaluation.labels == [float(d) for d in range(10)]
    confusion = evaluation.confusionMatrix.toArray()
    assert confusion.shape == (10, 10) and confusion.sum() == ROWS
    assert np.trace(confusion) == round(evaluation.accuracy * ROWS)
    assert len(evaluation.precisionByLabel) == len(evaluation.recallByLabel) == len(evaluation.fMeasureByLabel) == 10
    assert evaluation.predictions.count() == ROWS and "accuracy" in str(evaluation)


def test_sample_weights_of_one_give_the_unweighted_model_and_zeros_another(fitted, digits, tmp_path):
    ones = digits.withColumn("w", F.lit(1.0))
    weighted = DigitNetClassifier(weightCol="w", **FIT_PARAMS).fit(ones)
    assert model_bytes(weighted, tmp_path / "ones") == model_bytes(fitted, tmp_path / "unweighted")
    halved = digits.withColumn("w", F.when(F.col("label") < 5, 1.0).otherwise(0.0))
    assert model_bytes(DigitNetClassifier(weightCol="w", **FIT_PARAMS).fit(halved), tmp_path / "halved") \
        != model_bytes(fitted, tmp_path / "unweighted")


def test_the_onnx_export_gives_the_models_labels_in_onnx_runtime(fitted, digits, tmp_path):
    path = str(tmp_path / "model.onnx")
    fitted.exportOnnx(path)
    rows = fitted.transform(digits).limit(50).collect()
    pixels = np.array([row.features.toArray() for row in rows], dtype=np.float32)
    probabilities, labels = onnxruntime.InferenceSession(path).run(["probabilities", "label"], {"pixels": pixels})
    assert list(labels) == [int(row.prediction) for row in rows]
    assert np.abs(probabilities - np.array([row.probability.toArray() for row in rows])).max() < 1e-6


def test_a_command_line_run_loads_in_python_and_a_python_model_in_the_command_line(
        fitted, trained_run, digits, digits_csv, tmp_path):
    loaded = DigitNetClassificationModel.load(trained_run)
    assert not loaded.hasSummary
    with pytest.raises(RuntimeError, match="No training summary"):
        loaded.summary
    numbered = digits.withColumn("id", F.monotonically_increasing_id())
    assert predictions(loaded, numbered) == predictions(fitted, numbered)

    saved = tmp_path / "from-python"
    fitted.write().save(str(saved))
    report = run_local("evaluate", "--model", str(saved), "--data", digits_csv, "--out", str(tmp_path / "evaluation"))
    assert f"accuracy {fitted.evaluate(digits).accuracy:.4f}" in report, report


def test_a_pipeline_saves_and_loads_with_its_digitnet_stage(spark, digits_csv, tmp_path):
    frame = spark.read.csv(digits_csv, header=True, schema=SCHEMA).withColumn("id", F.monotonically_increasing_id())
    pipeline = Pipeline(stages=[VectorAssembler(inputCols=PIXELS, outputCol="features"),
                                DigitNetClassifier(hidden=8, maxIter=5, checkpointInterval=-1)])
    pipeline.write().save(str(tmp_path / "pipeline"))
    reloaded = Pipeline.load(str(tmp_path / "pipeline"))
    assert isinstance(reloaded.getStages()[1], DigitNetClassifier) and reloaded.getStages()[1].getHidden() == 8

    model = reloaded.fit(frame)
    model.write().save(str(tmp_path / "model"))
    loaded = PipelineModel.load(str(tmp_path / "model"))
    assert isinstance(loaded.stages[1], DigitNetClassificationModel)
    assert predictions(loaded, frame) == predictions(model, frame)


def test_cross_validation_chooses_among_digitnet_models_and_saves(spark, digits, tmp_path):
    estimator = DigitNetClassifier(maxIter=10, init="he", optimizer="adam", stepSize=0.01, checkpointInterval=-1)
    grid = ParamGridBuilder().addGrid(estimator.hidden, [1, 12]).build()
    validator = CrossValidator(estimator=estimator, estimatorParamMaps=grid, numFolds=2, seed=1,
                               evaluator=MulticlassClassificationEvaluator(metricName="accuracy"))
    model = validator.fit(digits)
    assert model.bestModel.getHidden() == 12 and model.avgMetrics[1] > model.avgMetrics[0]
    model.write().save(str(tmp_path / "cv"))
    loaded = CrossValidatorModel.load(str(tmp_path / "cv"))
    assert isinstance(loaded.bestModel, DigitNetClassificationModel) and loaded.bestModel.getHidden() == 12
    assert loaded.bestModel.predict(Vectors.dense([0.0] * 784)) == model.bestModel.predict(Vectors.dense([0.0] * 784))


def test_train_validation_split_saves_and_loads_with_its_digitnet_model(digits, tmp_path):
    estimator = DigitNetClassifier(hidden=6, checkpointInterval=-1)
    grid = ParamGridBuilder().addGrid(estimator.maxIter, [2, 4]).build()
    split = TrainValidationSplit(estimator=estimator, estimatorParamMaps=grid, trainRatio=0.8, seed=1,
                                 evaluator=MulticlassClassificationEvaluator(metricName="accuracy"))
    model = split.fit(digits)
    model.write().save(str(tmp_path / "tvs"))
    loaded = TrainValidationSplitModel.load(str(tmp_path / "tvs"))
    assert isinstance(loaded.bestModel, DigitNetClassificationModel)
    assert loaded.validationMetrics == model.validationMetrics and len(model.validationMetrics) == 2
    assert model_bytes(loaded.bestModel, tmp_path / "loaded") == model_bytes(model.bestModel, tmp_path / "best")
