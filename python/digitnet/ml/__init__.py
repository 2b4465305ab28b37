"""digitnet's Spark ML estimator and model for PySpark, over the Java classes of the same names.

The Python classes live in the module named as the Java package, ``digitnet.ml``, because that is
how pyspark's persistence maps a saved stage's Java class to its Python wrapper and back: a
``Pipeline``, ``PipelineModel``, ``CrossValidator`` or ``TrainValidationSplit`` holding digitnet
stages saves and loads from Python as from Java, and a model saved by either (or a ``train`` run
folder) loads in the other.
"""

import inspect

from py4j.java_gateway import JavaClass
from pyspark import keyword_only
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.util import JavaMLReadable, JavaMLWritable
from pyspark.ml.wrapper import JavaWrapper

from digitnet import JarLine, _pyspark

__all__ = [
    "DigitNetClassifier",
    "DigitNetClassificationModel",
    "DigitNetTrainingSummary",
    "DigitNetClassificationSummary",
]

_JAVA_PACKAGE = "digitnet.ml"

# The Java estimator's own params: name, type converter, default, doc, word for word as the JVM
# has them (the tests hold each one to the Java param). Every default is the command line's,
# except devRows: an estimator trains on every row it is given unless asked to hold some out.
_PARAMS = (
    ("hidden", TypeConverters.toInt, 10, "hidden ReLU units (train --hidden)"),
    ("maxIter", TypeConverters.toInt, 500,
     "full-batch updates; an lbfgs step with its line search counts as one (train --iterations)"),
    ("stepSize", TypeConverters.toFloat, 0.1,
     "step size alpha, where lrSchedule starts; unused by lbfgs (train --learning-rate)"),
    ("devRows", TypeConverters.toInt, 0,
     "rows held out as the dev set, chosen with the seed, when validationIndicatorCol is not set; 0 (the default) "
     "for none: every row trains (train --dev-rows, whose default is 1000)"),
    ("validationIndicatorCol", TypeConverters.toString, "",
     "boolean column marking the dev rows (true) instead of the seeded devRows split; empty for none"),
    ("weightCol", TypeConverters.toString, "",
     "numeric column of sample weights, finite and 0 or more: the loss and gradient are sum(w*loss)/sum(w); "
     "empty for none, every row weighing 1"),
    ("augment", TypeConverters.toInt, 0,
     "deformed copies (rotation, scale, shear, shift) each training row also trains as, made on the executors "
     "as the rows are cached; never of dev rows; 0 for none (train --augment)"),
    ("augmentElastic", TypeConverters.toBoolean, False,
     "whether the copies add Simard's elastic distortion to the affine map (train --augment-elastic)"),
    ("seed", TypeConverters.toInt, 0, "seed of the dev split and of the starting weights (train --seed)"),
    ("init", TypeConverters.toString, "uniform", "starting weights: uniform, he or xavier (train --init)"),
    ("initialModel", TypeConverters.toString, "",
     "start from these weights: an .npz or a saved model's folder, any Hadoop path; empty for none "
     "(train --init-from)"),
    ("optimizer", TypeConverters.toString, "gd",
     "update rule: gd, momentum, nesterov, adam or lbfgs (train --optimizer)"),
    ("momentum", TypeConverters.toFloat, 0.9,
     "momentum and nesterov: the velocity's decay, in [0, 1) (train --momentum)"),
    ("beta1", TypeConverters.toFloat, 0.9, "adam: decay of the gradient's running mean, in [0, 1) (train --beta1)"),
    ("beta2", TypeConverters.toFloat, 0.999,
     "adam: decay of the squared gradient's running mean, in [0, 1) (train --beta2)"),
    ("epsilon", TypeConverters.toFloat, 1e-8, "adam: guard added to the root (train --epsilon)"),
    ("lbfgsHistory", TypeConverters.toInt, 10,
     "lbfgs: (step, gradient change) pairs remembered (train --lbfgs-history)"),
    ("weightDecay", TypeConverters.toFloat, 0.0,
     "L2 penalty L/2*(|W1|^2 + |W2|^2) added to the loss; 0 for none (train --weight-decay)"),
    ("lrSchedule", TypeConverters.toString, "constant",
     "learning rate over the run: constant, step, cosine or warmup-cosine (train --lr-schedule)"),
    ("lrStepEvery", TypeConverters.toInt, 100, "step schedule: iterations between decays (train --lr-step-every)"),
    ("lrStepFactor", TypeConverters.toFloat, 0.5,
     "step schedule: what each decay multiplies the rate by, in (0, 1] (train --lr-step-factor)"),
    ("lrMin", TypeConverters.toFloat, 0.0, "cosine schedules: the rate at the last iteration (train --lr-min)"),
    ("lrWarmup", TypeConverters.toInt, 20, "warmup-cosine: iterations of linear growth (train --lr-warmup)"),
    ("patience", TypeConverters.toInt, 0,
     "stop after this many iterations without a better dev score and keep the best model on dev; 0: all "
     "iterations, the last weights (train --patience)"),
    ("minDelta", TypeConverters.toFloat, 0.0, "the least dev improvement that counts for patience (train --min-delta)"),
    ("earlyStopMetric", TypeConverters.toString, "dev_accuracy",
     "the dev score of patience: dev_accuracy or dev_loss (train --early-stop-metric)"),
    ("checkpointInterval", TypeConverters.toInt, 50,
     "set checkpoint interval (>= 1) or disable checkpoint (-1): a checkpoint into checkpointDir every this many "
     "iterations and at the end (train --checkpoint-every; -1 is its 0)"),
    ("checkpointDir", TypeConverters.toString, "",
     "folder of this fit's checkpoints, any Hadoop path; a fit finding one of the same rows and params there "
     "resumes from it; empty for none"),
)

# Spark's classifier params, which pyspark's base classes declare, with their defaults.
_CLASSIFIER_PARAMS = (
    ("featuresCol", "features"),
    ("labelCol", "label"),
    ("predictionCol", "prediction"),
    ("probabilityCol", "probability"),
    ("rawPredictionCol", "rawPrediction"),
    ("thresholds", None),
)

_CONNECT_REFUSAL = (
    "DigitNetClassificationModel.{} is not available over Spark Connect: Spark's Connect server runs only the "
    "model methods on its own list (transform, predict, predictRaw, predictProbability, numFeatures, numClasses, "
    "save), which names Spark's models alone; use a classic SparkSession for it{}")


def _capitalized(name: str) -> str:
    return name[0].upper() + name[1:]


def _require_jar() -> None:
    """Refuses, with what to do, a classic session whose JVM lacks digitnet or has another line's jar.

    Without this, py4j resolves the missing class to a package and the first call fails with
    "'JavaPackage' object is not callable".
    """
    context = _pyspark.active_context()
    if context is None:
        raise RuntimeError("digitnet.ml needs a running SparkSession: start one with "
                           "digitnet.configure(SparkSession.builder).getOrCreate() first")
    java_class = context._jvm.digitnet.ml.DigitNetClassifier
    if not isinstance(java_class, JavaClass):
        raise RuntimeError("this SparkSession was started without digitnet's jar, so its JVM has no "
                           "digitnet.ml.DigitNetClassifier: stop it and start one with "
                           "digitnet.configure(SparkSession.builder).getOrCreate() (a running JVM takes no new jars)")
    jvm = context._jvm
    jar = jvm.java.nio.file.Paths.get(
        java_class._java_lang_class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()
    JarLine(jar).check(context.version, jvm.scala.util.Properties.versionNumberString())


def _new_java_stage(stage: JavaWrapper, simple_name: str):
    """The Java object behind a new Python stage (over Spark Connect, the class name the server makes it from)."""
    if not _pyspark.is_remote():
        _require_jar()
    return stage._new_java_obj(f"{_JAVA_PACKAGE}.{simple_name}", stage.uid)


def _refuse_on_connect(method: str, instead: str = "") -> None:
    if _pyspark.is_remote():
        raise NotImplementedError(_CONNECT_REFUSAL.format(method, instead))


class _DigitNetParams(_pyspark.ProbabilisticClassifierParams):
    """The params of :class:`DigitNetClassifier`: Spark's classifier params and digitnet's own
    (``hidden``, ``maxIter``, ``stepSize``, ...), each with a ``get`` method; see ``_PARAMS``."""

    def __init__(self, *args):
        super().__init__(*args)
        self._setDefault(**{name: default for name, _, default, _ in _PARAMS})


def _getter(name: str):
    def get(self):
        return self.getOrDefault(name)

    get.__name__ = "get" + _capitalized(name)
    get.__doc__ = f"Gets the value of {name} or its default value."
    return get


def _setter(name: str):
    def set_(self, value):
        return self._set(**{name: value})

    set_.__name__ = "set" + _capitalized(name)
    set_.__doc__ = f"Sets the value of :py:attr:`{name}`."
    return set_


for _name, _converter, _default, _doc in _PARAMS:
    setattr(_DigitNetParams, _name, Param(Params._dummy(), _name, _doc, typeConverter=_converter))
    setattr(_DigitNetParams, "get" + _capitalized(_name), _getter(_name))


def _keyword_signature(method):
    """``method``'s signature as ``help()`` shows it: every param, keyword-only, with its default."""
    parameters = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    for name, default in _CLASSIFIER_PARAMS + tuple((n, d) for n, _, d, _ in _PARAMS):
        parameters.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default))
    method.__signature__ = inspect.Signature(parameters)
    return method


class DigitNetClassifier(_pyspark.JavaProbabilisticClassifier, _DigitNetParams, JavaMLWritable, JavaMLReadable):
    """digitnet's network as a Spark ML estimator: ``fit`` trains on a DataFrame of 784-pixel
    feature vectors (0..255, or 0..1) and digit labels through the same training run as the
    ``train`` command, so the same rows and settings give the same ``model.npz`` bit for bit.

    Every ``train`` setting is a param: ``hidden`` is ``--hidden``, ``maxIter`` ``--iterations``,
    ``stepSize`` ``--learning-rate``, ``initialModel`` ``--init-from``, ``checkpointInterval``
    ``--checkpoint-every``, and the others are the flag's name in camelCase.

    >>> DigitNetClassifier(hidden=64, maxIter=100, optimizer="adam", stepSize=0.01)  # doctest: +SKIP
    """

    @keyword_only
    @_keyword_signature
    def __init__(self, **params):
        super().__init__()
        self._java_obj = _new_java_stage(self, "DigitNetClassifier")
        self.setParams(**self._input_kwargs)

    @keyword_only
    @_keyword_signature
    def setParams(self, **params):
        """Sets the params given by name (keyword arguments only) and returns this estimator."""
        unknown = sorted(set(params) - {p.name for p in self.params})
        if unknown:
            raise TypeError(f"DigitNetClassifier has no param {', '.join(unknown)}; its params: "
                            + ", ".join(sorted(p.name for p in self.params)))
        return self._set(**params)

    def _create_model(self, java_model):
        return DigitNetClassificationModel(java_model)


for _name, _converter, _default, _doc in _PARAMS:
    setattr(DigitNetClassifier, "set" + _capitalized(_name), _setter(_name))


class DigitNetClassificationModel(_pyspark.JavaProbabilisticClassificationModel, JavaMLWritable, JavaMLReadable):
    """A trained digitnet network. ``transform`` adds ``rawPrediction`` (the ten output scores Z2),
    ``probability`` (their softmax) and ``prediction``, through the forward pass of the
    ``predict`` command. Saved, it is a folder of Spark ML metadata and ``model.npz`` (W1, b1, W2,
    b2, as NumPy's ``np.load`` reads them); a ``train`` run folder loads as one."""

    def getHidden(self) -> int:
        """The hidden layer's size."""
        _refuse_on_connect("getHidden")
        return self._call_java("getHidden")

    @property
    def hasSummary(self) -> bool:
        """Whether the model holds a training summary: one fit gave, not one loaded."""
        _refuse_on_connect("hasSummary")
        return self._call_java("hasSummary")

    @property
    def summary(self) -> "DigitNetTrainingSummary":
        """What the fit recorded, iteration by iteration (see :class:`DigitNetTrainingSummary`)."""
        if not self.hasSummary:
            raise RuntimeError(f"No training summary available for this {self.__class__.__name__}: "
                               "only a model that fit returned has one, not one loaded")
        return DigitNetTrainingSummary(self._java_obj.summary().get())

    def evaluate(self, dataset) -> "DigitNetClassificationSummary":
        """Scores the model on labelled digits (the features and label columns), as the
        ``evaluate`` command does a file: accuracy, loss, each digit's precision, recall and F1,
        and the confusion matrix."""
        _refuse_on_connect("evaluate", ", or score the transform with pyspark.ml.evaluation."
                                       "MulticlassClassificationEvaluator")
        return DigitNetClassificationSummary(self._java_obj.evaluate(dataset._jdf))

    def exportOnnx(self, path: str) -> None:
        """Writes the network to ``path`` (any Hadoop path) as an ONNX graph: input ``pixels``
        float [N, 784] of 0..255, outputs ``probabilities`` float [N, 10] and ``label`` int64 [N]."""
        _refuse_on_connect("exportOnnx", ", or save the model and run `scripts/run-local.sh export --model` on it")
        self._call_java("exportOnnx", path)


def _java_property(name: str, doc: str) -> property:
    return property(lambda self: self._call_java(name), doc=doc)


class DigitNetTrainingSummary(JavaWrapper):
    """What a fit recorded: one value per iteration run (of the weights it started from) for
    the loss, train and dev accuracy and dev loss (NaN without dev rows), and which weights the
    model holds."""

    iterations = _java_property("iterations", "iterations run")
    savedIteration = _java_property(
        "savedIteration", "the iteration whose starting weights the model holds: the last, or with patience the best on dev")
    stoppedEarly = _java_property("stoppedEarly", "whether patience ran out before maxIter")
    trainRows = _java_property("trainRows", "rows trained on")
    devRows = _java_property("devRows", "rows held out as the dev set")
    loss = _java_property("loss", "mean cross-entropy of the training rows, per iteration")
    trainAccuracy = _java_property("trainAccuracy", "train accuracy, per iteration")
    devAccuracy = _java_property("devAccuracy", "dev accuracy, per iteration (NaN without dev rows)")
    devLoss = _java_property("devLoss", "dev loss, per iteration (NaN without dev rows)")


class DigitNetClassificationSummary(JavaWrapper):
    """How a model does on a labelled DataFrame, from :meth:`DigitNetClassificationModel.evaluate`:
    the figures of the ``evaluate`` command, named as Spark's classification summaries name them.
    A ratio with nothing to count (the precision of a digit never predicted) is NaN."""

    count = _java_property("count", "digits evaluated")
    accuracy = _java_property("accuracy", "the share of digits classified correctly")
    loss = _java_property("loss", "the mean cross-entropy, -log of each digit's probability of its true label")
    labels = _java_property("labels", "the labels 0 to 9, in the order of the by-label lists")
    precisionByLabel = _java_property("precisionByLabel", "each digit's precision")
    recallByLabel = _java_property("recallByLabel", "each digit's recall")
    fMeasureByLabel = _java_property("fMeasureByLabel", "each digit's F1")
    confusionMatrix = _java_property(
        "confusionMatrix", "the 10x10 counts as a DenseMatrix: row = true digit, column = predicted digit")
    predictions = _java_property("predictions", "the model's transform of the evaluated DataFrame")

    def __str__(self) -> str:
        """The tables the ``evaluate`` command prints."""
        return self._call_java("toString")
