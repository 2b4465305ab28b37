"""What the tests share: one local[2] SparkSession with digitnet's jar, a small labelled CSV cut from
the bundled digits, a model fit once, and the command line to compare with.

The tests run against whichever digitnet the interpreter imports: the installed wheel, or the
source tree with DIGITNET_JAR naming a jar (scripts/python-test.sh sets up either). No test is
ever skipped: a skip fails the run (see pytest_sessionfinish), so a missing package or jar cannot
pass for a green run.
"""

import gzip
import os
import random
import signal
import subprocess
import sys
import tempfile

import pyspark
import pytest
from pyspark.ml.feature import VectorAssembler
from pyspark.sql import SparkSession
from pyspark.sql.types import IntegerType, StructField, StructType

import digitnet
from digitnet.ml import DigitNetClassifier

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(TESTS, "..", ".."))
BUNDLED_DIGITS = os.path.join(ROOT, "data", "mnist-10k.csv.gz")
PIXELS = [f"pixel{p}" for p in range(784)]
SCHEMA = StructType([StructField("label", IntegerType())] + [StructField(p, IntegerType()) for p in PIXELS])
ROWS = 600

# The settings of the model fit once for the tests, and the same as train's flags.
FIT_PARAMS = dict(hidden=12, maxIter=15, seed=3, init="he", optimizer="adam", stepSize=0.01, devRows=100,
                  checkpointInterval=-1)
TRAIN_FLAGS = ["--hidden", "12", "--iterations", "15", "--seed", "3", "--init", "he", "--optimizer", "adam",
               "--learning-rate", "0.01", "--dev-rows", "100", "--checkpoint-every", "0"]

# Not collected on pyspark 3.5, whose Spark Connect has no ML service; said in the header.
collect_ignore = [] if pyspark.__version__.startswith("4.") else ["test_connect.py"]


def pytest_report_header(config):
    skipped = "" if not collect_ignore else "; test_connect.py not collected (Spark Connect ML needs pyspark 4)"
    return f"pyspark {pyspark.__version__}, digitnet from {os.path.dirname(digitnet.__file__)}, jar {digitnet.jar_path()}{skipped}"


_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _skipped and exitstatus == 0:
        print(f"\nerror: {len(_skipped)} tests skipped, which this suite never allows: {', '.join(_skipped)}")
        session.exitstatus = 1


def session_builder():
    """A local[2] builder with the UI off and the driver on loopback, as every test of the project."""
    return (SparkSession.builder.master("local[2]").appName("digitnet python tests")
            .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2"))


@pytest.fixture(scope="session")
def spark():
    session = digitnet.configure(session_builder()).getOrCreate()
    yield session
    session.stop()


@pytest.fixture(scope="session")
def digits_csv(tmp_path_factory):
    """ROWS digits drawn from the bundled file (which is sorted by label), as Kaggle's train.csv."""
    path = tmp_path_factory.mktemp("data") / "digits.csv"
    with gzip.open(BUNDLED_DIGITS, "rt") as source:
        header, *lines = source.readlines()
    with open(path, "w") as out:
        out.writelines([header] + random.Random(4).sample(lines, ROWS))
    return str(path)


def read_digits(spark, csv):
    """Kaggle's CSV as a DataFrame of label and 784-pixel features (an explicit schema, never inferred)."""
    frame = spark.read.csv(csv, header=True, schema=SCHEMA)
    return VectorAssembler(inputCols=PIXELS, outputCol="features").transform(frame).select("label", "features")


@pytest.fixture(scope="session")
def digits(spark, digits_csv):
    return read_digits(spark, digits_csv).cache()


@pytest.fixture(scope="session")
def fitted(digits):
    return DigitNetClassifier(**FIT_PARAMS).fit(digits)


def run_local(*args, spark_line=None):
    """Runs scripts/run-local.sh with the Java build of the installed pyspark's line; returns its output."""
    env = dict(os.environ, DIGITNET_SPARK=spark_line or ("3.5" if pyspark.__version__.startswith("3.") else "4.2"))
    result = subprocess.run([os.path.join(ROOT, "scripts", "run-local.sh"), *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert result.returncode == 0, f"run-local.sh {' '.join(args)} failed:\n{result.stdout[-3000:]}"
    return result.stdout


@pytest.fixture(scope="session")
def trained_run(digits_csv, tmp_path_factory):
    """A `train` run folder of FIT_PARAMS's settings on the same CSV."""
    run = tmp_path_factory.mktemp("cli") / "run"
    run_local("train", "--data", digits_csv, "--out", str(run), "--quiet", *TRAIN_FLAGS)
    return str(run)


def run_python(program, *args, timeout=300):
    """Runs ``program`` (Python source) with ``args`` in a new interpreter of this environment, from
    this folder (so it imports conftest), and returns what it printed.

    The Spark JVM the program starts is its child and would outlive it holding its output open, so
    the program runs in a process group of its own with its output in a file: when it ends or its
    time is up the whole group is killed, and nothing can wait on a JVM that does not end.
    """
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen([sys.executable, "-c", program, *args], cwd=TESTS, stdout=output,
                                   stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            process.wait(timeout=timeout)
            finished = True
        except subprocess.TimeoutExpired:
            finished = False
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:  # the group has ended already
                pass
            process.wait()
        output.seek(0)
        printed = output.read()
    assert finished, f"the program did not end in {timeout} s; its output:\n{printed[-4000:]}"
    return printed
