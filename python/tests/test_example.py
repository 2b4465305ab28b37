"""The notebook example of docs/pyspark.md runs, and NumPy's forward_prop on its model.npz gives Spark's labels."""

import importlib.util
import os

from conftest import ROOT


def test_the_notebook_example_trains_submits_and_agrees_with_numpy(spark, digits_csv, tmp_path):
    path = os.path.join(ROOT, "python", "examples", "notebook.py")
    spec = importlib.util.spec_from_file_location("notebook_example", path)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    test_csv = os.path.join(ROOT, "data", "mnist-test.csv.gz")

    accuracy, spark_labels, numpy_labels = example.run(spark, digits_csv, test_csv, str(tmp_path / "run"),
                                                          iterations=40, dev_rows=100)

    assert accuracy > 0.2  # twice chance after 40 of the notebook's 500 iterations
    assert len(spark_labels) == 1000 and numpy_labels == spark_labels
    with open(tmp_path / "run" / "submission.csv") as f:
        assert f.readline() == "ImageId,Label\n" and sum(1 for _ in f) == 1000
