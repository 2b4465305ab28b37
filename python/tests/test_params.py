"""Param parity with the Java estimator, and params from Python reaching the JVM intact."""

import pytest
from digitnet.ml import _PARAMS, DigitNetClassifier


def java_params(java_stage):
    return {p.name(): p for p in java_stage.params()}


def test_the_same_params_with_the_same_docs_and_defaults_as_java(spark):
    estimator = DigitNetClassifier()
    java = estimator._java_obj
    assert {p.name for p in estimator.params} == set(java_params(java))
    own = {name for name, *_ in _PARAMS}
    for param in estimator.params:
        java_param = java.getParam(param.name)
        if param.name in own:  # Spark's inherited params keep pyspark's own wording, as in every pyspark estimator
            assert param.doc == java_param.doc(), param.name
        java_default = java.getDefault(java_param)
        assert estimator.hasDefault(param) == java_default.isDefined(), param.name
        if java_default.isDefined():
            assert estimator.getOrDefault(param) == java_default.get(), param.name


def test_the_model_has_the_java_models_params(fitted):
    assert {p.name for p in fitted.params} == set(java_params(fitted._java_obj))


def test_every_param_has_a_getter_and_a_setter_that_returns_the_estimator(spark):
    estimator = DigitNetClassifier()
    for param in estimator.params:
        suffix = param.name[0].upper() + param.name[1:]
        assert callable(getattr(estimator, "get" + suffix, None)), param.name
        assert callable(getattr(estimator, "set" + suffix, None)), param.name
    assert estimator.setHidden(7) is estimator and estimator.getHidden() == 7


# A value for every param but the defaults, int literals for the double params among them.
NON_DEFAULTS = dict(
    hidden=7, maxIter=3, stepSize=1, devRows=5, validationIndicatorCol="dev", weightCol="w", augment=2,
    augmentElastic=True, seed=2**40, init="xavier", initialModel="/tmp/start.npz", optimizer="nesterov", momentum=0,
    beta1=0, beta2=0, epsilon=1, lbfgsHistory=4, weightDecay=1, lrSchedule="step", lrStepEvery=2, lrStepFactor=1,
    lrMin=0, lrWarmup=3, patience=2, minDelta=1, earlyStopMetric="dev_loss", checkpointInterval=7,
    checkpointDir="/tmp/checkpoints", featuresCol="pixels", labelCol="digit", predictionCol="p", probabilityCol="q",
    rawPredictionCol="r", thresholds=[1] * 10)


def test_every_param_set_from_python_reaches_the_jvm_with_its_type(spark):
    assert set(NON_DEFAULTS) == {p.name for p in DigitNetClassifier().params}
    estimator = DigitNetClassifier(**NON_DEFAULTS)
    estimator._transfer_params_to_java()
    java = estimator._java_obj
    for name, value in NON_DEFAULTS.items():
        got = java.getOrDefault(java.getParam(name))
        if name == "thresholds":
            got = list(got)
        assert got == value, name
    # The Java getters cast: a Python int for a double param must arrive as a Java double.
    assert java.getStepSize() == 1.0 and java.getSeed() == 2**40
    settings = java.trainSettings().toString()
    assert "hidden=7" in settings and "NESTEROV" in settings.upper(), settings


def test_constructor_and_set_params_are_keyword_only_and_know_every_name(spark):
    with pytest.raises(TypeError, match="keyword arguments"):
        DigitNetClassifier(7)
    with pytest.raises(TypeError, match="has no param hiden; its params: augment"):
        DigitNetClassifier(hiden=7)
    assert DigitNetClassifier().setParams(hidden=9, stepSize=2).getStepSize() == 2.0


@pytest.mark.parametrize("params, named", [
    (dict(hidden=-1), "hidden"),
    (dict(optimizer="sgd"), "optimizer"),
    (dict(beta1=1.5), "beta1"),
    (dict(lrSchedule="cosine", lrMin=5), "lrMin"),
])
def test_bad_params_are_refused_naming_the_param_in_one_line(digits, params, named):
    with pytest.raises(Exception) as refused:
        DigitNetClassifier(maxIter=1, checkpointInterval=-1, **params).fit(digits)
    message = str(refused.value).strip()
    assert named in message and "\n" not in message, message


def test_a_value_of_the_wrong_type_is_refused_when_set_naming_the_param(spark):
    with pytest.raises(TypeError, match='param "hidden"'):
        DigitNetClassifier(hidden="ten")
