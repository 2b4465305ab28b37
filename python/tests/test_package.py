"""The package's own API: its version, the jar it chooses, configure(), and the errors for a
session without the jar or a jar of another Spark line."""

import os
import re
import zipfile

import pyspark
import pytest
from pyspark.sql import SparkSession

import digitnet
from conftest import ROOT, run_python


def test_version_is_the_projects():
    with open(os.path.join(ROOT, "pom.xml")) as pom:
        project_version = re.search(r"^  <version>(.+)</version>", pom.read(), re.M).group(1)
    assert digitnet.__version__ == project_version


def test_jar_path_is_a_jar_of_the_installed_pyspark_line():
    jar = digitnet.jar_path()
    line = digitnet.JarLine(jar)
    assert (line.spark, line.scala) == (("3.5", "2.12") if pyspark.__version__.startswith("3.") else ("4.2", "2.13"))
    if "DIGITNET_JAR" not in os.environ:
        assert os.path.dirname(jar) == os.path.join(os.path.dirname(digitnet.__file__), "jars")


def test_configure_adds_the_jar_after_those_listed_once():
    builder = SparkSession.Builder().config("spark.jars", "/opt/other.jar")
    assert digitnet.configure(digitnet.configure(builder)) is builder
    assert builder._options["spark.jars"] == "/opt/other.jar," + digitnet.jar_path()


def other_line_jar(tmp_path):
    """A jar that says it is digitnet's for the Spark line the installed pyspark is not."""
    spark, scala = ("4.2", "2.13") if pyspark.__version__.startswith("3.") else ("3.5", "2.12")
    jar = tmp_path / f"digitnet-spark{spark}_{scala}.jar"
    with zipfile.ZipFile(jar, "w") as archive:
        archive.writestr("digitnet/version.properties", f"version=0.1.0\nspark.line={spark}\nscala.binary.version={scala}\n")
    return str(jar), spark, scala


def test_a_jar_of_another_line_is_refused_naming_both(tmp_path, monkeypatch):
    jar, spark, scala = other_line_jar(tmp_path)
    monkeypatch.setenv("DIGITNET_JAR", jar)
    with pytest.raises(ValueError) as refused:
        digitnet.jar_path()
    message = str(refused.value)
    assert f"for Spark {spark} / Scala {scala}" in message and f"Spark {pyspark.__version__} / Scala" in message
    assert "\n" not in message


def test_a_missing_jar_named_by_the_variable_is_refused(monkeypatch):
    monkeypatch.setenv("DIGITNET_JAR", "/no/such/digitnet.jar")
    with pytest.raises(ValueError, match="DIGITNET_JAR=/no/such/digitnet.jar: no such file"):
        digitnet.jar_path()


def test_a_session_without_the_jar_gets_one_clear_error():
    # Its own Python and JVM: a process has one SparkContext, and the tests' has the jar.
    printed = run_python(
        "from conftest import session_builder\n"
        "from digitnet.ml import DigitNetClassifier\n"
        "session_builder().getOrCreate()\n"
        "try:\n"
        "    DigitNetClassifier()\n"
        "except RuntimeError as e:\n"
        "    print('refused:', e)\n")
    refusal = [line for line in printed.splitlines() if line.startswith("refused:")]
    assert refusal, printed[-3000:]
    assert "started without digitnet's jar" in refusal[0] and "digitnet.configure(SparkSession.builder)" in refusal[0]
    assert "JavaPackage" not in printed
