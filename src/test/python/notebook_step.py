"""One gradient step of the notebook's formulas in NumPy, compared with digitnet's model.

  notebook_step.py TRAIN_CSV INIT_NPZ DIGITNET_MODEL_NPZ ALPHA
Uses every row for training (digitnet ran with --dev-rows 0). Exits 1 and says which array
differs when any array's worst difference exceeds 1e-10 of its largest value.
"""
import sys
import numpy as np

csv, init, model, alpha = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
data = np.loadtxt(csv, delimiter=",", skiprows=1, dtype=np.int64).T
Y, X = data[0], data[1:] / 255.
m = X.shape[1]
p = np.load(init)
W1, b1, W2, b2 = p["W1"], p["b1"], p["W2"], p["b2"]

Z1 = W1.dot(X) + b1
A1 = np.maximum(Z1, 0)
Z2 = W2.dot(A1) + b2
E = np.exp(Z2 - Z2.max(0))
A2 = E / E.sum(0)
one_hot_Y = np.zeros((10, m)); one_hot_Y[Y, np.arange(m)] = 1
dZ2 = A2 - one_hot_Y
dW2 = 1 / m * dZ2.dot(A1.T)
db2 = 1 / m * dZ2.sum(1, keepdims=True)
dZ1 = W2.T.dot(dZ2) * (Z1 > 0)
dW1 = 1 / m * dZ1.dot(X.T)
db1 = 1 / m * dZ1.sum(1, keepdims=True)
expected = {"W1": W1 - alpha * dW1, "b1": b1 - alpha * db1,
            "W2": W2 - alpha * dW2, "b2": b2 - alpha * db2}

got = np.load(model)
worst = 0.0
for name, e in expected.items():
    g = got[name]
    if g.shape != e.shape or g.dtype != np.float64:
        sys.exit(f"{name}: shape {g.shape} {g.dtype}, expected {e.shape} float64")
    # compare the step itself, so the check is not diluted by the unchanged weights
    step_e, step_g = e - p[name], g - p[name]
    rel = np.abs(step_g - step_e).max() / np.abs(step_e).max()
    worst = max(worst, rel)
    if not rel <= 1e-10:
        sys.exit(f"{name}: step differs by {rel:.3g} of its largest value")
print(f"ok: worst relative difference of the step {worst:.3g}")
