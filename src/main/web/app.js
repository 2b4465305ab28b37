// digitnet serve's page: a pad to draw a digit on, the 28×28 input the network sees, its answer
// (POST /predict) and, in the second view, its hidden units (GET /weights). Plain JavaScript
// with no libraries, to be read top to bottom.
'use strict';

const SIDE = 28;           // the network's input: 28×28 pixels, row by row, 0 (paper) to 255 (ink)
const BOX = 20;            // MNIST scaled each digit to fit 20×20 ...
const CENTRE = SIDE / 2;   // ... and moved its centre of mass to the middle of the 28×28 field
const INK_WIDTH = 20;      // pen width on the 280×280 pad: two or three input pixels once scaled

const pad = document.getElementById('pad');
const padInk = pad.getContext('2d', { willReadFrequently: true });
const input = document.getElementById('input');
const inputInk = input.getContext('2d', { willReadFrequently: true });
const bars = document.getElementById('bars');
const answer = document.getElementById('answer');
const confidence = document.getElementById('confidence');
const units = document.getElementById('units');
const status = document.getElementById('status');

// What the page last asked and was told, open to tests and the curious (in the console):
// the pixels sent, the answer they got, and whether a request is on its way.
const page = window.digitnet = { pixels: null, answer: null, asking: false };

// ---- Drawing: pointer events cover the mouse, a finger and a pen alike. ----

let penAt = null;  // where the stroke being drawn has got to; null between strokes

pad.addEventListener('pointerdown', event => {
  pad.setPointerCapture(event.pointerId);
  penAt = padPoint(event);
  drawLine(penAt, penAt);
});
pad.addEventListener('pointermove', event => {
  if (penAt) {
    const next = padPoint(event);
    drawLine(penAt, next);
    penAt = next;
  }
});
for (const end of ['pointerup', 'pointercancel']) {
  pad.addEventListener(end, () => { penAt = null; });
}
document.getElementById('clear').addEventListener('click', () => {
  clearPad();
  inputChanged();
});

/** The event's place in the pad's own 280×280 pixels, however large the page shows it. */
function padPoint(event) {
  const shown = pad.getBoundingClientRect();
  return {
    x: (event.clientX - shown.left) * pad.width / shown.width,
    y: (event.clientY - shown.top) * pad.height / shown.height,
  };
}

/** White ink from one point to the next, with round ends so that a tap leaves a dot. */
function drawLine(from, to) {
  padInk.strokeStyle = padInk.fillStyle = '#fff';
  padInk.lineWidth = INK_WIDTH;
  padInk.lineCap = padInk.lineJoin = 'round';
  padInk.beginPath();
  padInk.arc(to.x, to.y, INK_WIDTH / 2, 0, 2 * Math.PI);
  padInk.fill();
  padInk.beginPath();
  padInk.moveTo(from.x, from.y);
  padInk.lineTo(to.x, to.y);
  padInk.stroke();
  inputChanged();
}

/** Black all over: the pad is opaque, so any pixel's red value is its ink, 0..255. */
function clearPad() {
  padInk.fillStyle = '#000';
  padInk.fillRect(0, 0, pad.width, pad.height);
}

// ---- The network's input, made as MNIST's digits were made. ----

/**
 * Draws the 28×28 input from the pad and returns its 784 values (0..255, row by row), or null
 * when nothing is drawn: the ink's bounding box scaled, keeping its shape, to fit 20×20 (the
 * browser's smoothing gives the grey edges MNIST's anti-aliasing gave), then placed so that
 * its centre of mass falls on the middle of the 28×28 field.
 */
function networkInput() {
  inputInk.fillStyle = '#000';
  inputInk.fillRect(0, 0, SIDE, SIDE);
  const ink = inkBox(padInk.getImageData(0, 0, pad.width, pad.height));
  if (!ink) {
    return null;
  }
  const scale = BOX / Math.max(ink.width, ink.height);
  const scaled = document.createElement('canvas');
  scaled.width = Math.max(1, Math.round(ink.width * scale));
  scaled.height = Math.max(1, Math.round(ink.height * scale));
  const scaledInk = scaled.getContext('2d');
  scaledInk.imageSmoothingQuality = 'high';
  scaledInk.drawImage(pad, ink.left, ink.top, ink.width, ink.height, 0, 0, scaled.width, scaled.height);
  const mass = centreOfMass(scaledInk.getImageData(0, 0, scaled.width, scaled.height));
  // Whole-pixel offsets: the scaled digit is copied as it is, not resampled again.
  inputInk.drawImage(scaled, Math.round(CENTRE - mass.x), Math.round(CENTRE - mass.y));
  return redValues(inputInk.getImageData(0, 0, SIDE, SIDE));
}

/** The smallest rectangle holding every inked pixel, or null if there is none. */
function inkBox(image) {
  let left = image.width, top = image.height, right = -1, bottom = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.data[4 * (y * image.width + x)] > 0) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  return right < 0 ? null : { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/** The ink-weighted mean position of the pixels' centres. */
function centreOfMass(image) {
  let mass = 0, x = 0, y = 0;
  redValues(image).forEach((ink, i) => {
    mass += ink;
    x += ink * (i % image.width + 0.5);
    y += ink * (Math.floor(i / image.width) + 0.5);
  });
  return { x: x / mass, y: y / mass };
}

/** Each pixel's red value, 0..255, row by row: its ink, as the pictures are grey on black. */
function redValues(image) {
  const values = [];
  for (let i = 0; i < image.data.length; i += 4) {
    values.push(image.data[i]);
  }
  return values;
}

// ---- Asking the server, one request at a time: drawing faster than it answers only skips
// ---- the inputs in between, never queues them up.

let askAgain = false;  // the drawing changed while a request was on its way

async function inputChanged() {
  if (page.asking) {
    askAgain = true;
    return;
  }
  page.asking = true;
  try {
    const pixels = networkInput();
    const body = pixels && await predict(pixels);
    page.pixels = pixels;
    showAnswer(body);
    status.textContent = '';
  } catch (error) {
    status.textContent = 'No answer from the server: ' + error.message;
  } finally {
    page.asking = false;
    if (askAgain) {
      askAgain = false;
      inputChanged();  // at once: page.asking is true again before anything else runs
    }
  }
}

/** POST /predict for one digit: its label, ten probabilities and the hidden units' outputs. */
async function predict(pixels) {
  const response = await fetch('predict', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ pixels }),
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error);
  }
  return body;
}

// ---- The answer: ten bars and the digit. ----

const barOf = [];  // per digit: its list item, its bar's fill and its percentage
for (let digit = 0; digit < 10; digit++) {
  const item = document.createElement('li');
  item.innerHTML = `<span class="digit">${digit}</span><span class="bar"><span class="fill"></span></span>`
      + '<span class="p"></span>';
  bars.append(item);
  barOf.push({ item, fill: item.querySelector('.fill'), percent: item.querySelector('.p') });
}

/** Shows an answer of POST /predict, or empty bars for null (nothing drawn). */
function showAnswer(body) {
  page.answer = body;
  barOf.forEach((bar, digit) => {
    const p = body ? body.probabilities[digit] : 0;
    bar.fill.style.width = `${100 * p}%`;
    bar.percent.textContent = body ? `${(100 * p).toFixed(1)}%` : '';
    bar.item.classList.toggle('chosen', body !== null && digit === body.label);
  });
  answer.textContent = body ? body.label : '?';
  confidence.textContent = body ? `(${(100 * body.probabilities[body.label]).toFixed(1)}% sure)` : '';
  showActivity(body ? body.hidden : null);
}

// ---- The hidden units: each one's weights as a picture, framed by how much it fires. ----

const unitViews = [];  // per hidden unit: its frame (the canvas) and its output's caption

/** Draws each row of W1 as 28×28 pixels: red for positive weights, blue for negative. */
function showWeights(weights) {
  for (const row of weights.w1) {
    const picture = document.createElement('canvas');
    picture.width = picture.height = SIDE;
    const pixels = picture.getContext('2d').createImageData(SIDE, SIDE);
    const largest = Math.max(...row.map(Math.abs)) || 1;
    row.forEach((w, i) => {
      const fade = Math.round(255 * (1 - Math.abs(w) / largest));  // 255: white, 0: full colour
      pixels.data.set(w > 0 ? [255, fade, fade, 255] : [fade, fade, 255, 255], 4 * i);
    });
    picture.getContext('2d').putImageData(pixels, 0, 0);
    const caption = document.createElement('span');
    const view = document.createElement('div');
    view.className = 'unit';
    view.append(picture, caption);
    units.append(view);
    unitViews.push({ picture, caption });
  }
  showActivity(page.answer ? page.answer.hidden : null);
}

/** Frames each unit by its output (ReLU, 0 or more) for the drawing; null clears the frames. */
function showActivity(hidden) {
  const strongest = hidden ? Math.max(...hidden) : 0;
  unitViews.forEach((unit, h) => {
    const lit = hidden && strongest > 0 ? hidden[h] / strongest : 0;
    unit.picture.style.borderColor = lit > 0 ? `rgba(230, 140, 0, ${0.25 + 0.75 * lit})` : 'transparent';
    unit.caption.textContent = hidden ? hidden[h].toFixed(2) : '';
  });
}

// ---- The two views, and what the page asks the server once. ----

const views = { 'show-answer': 'answer-view', 'show-units': 'units-view' };
for (const [button, view] of Object.entries(views)) {
  document.getElementById(button).addEventListener('click', () => {
    for (const [other, otherView] of Object.entries(views)) {
      document.getElementById(other).setAttribute('aria-pressed', String(other === button));
      document.getElementById(otherView).hidden = other !== button;
    }
  });
}

/** One line on the model: its file, size and, when run.json is there, training and scores. */
function describeModel(model) {
  let text = `${model.model}: ${model.hidden} hidden units`;
  if (model.settings) {
    text += `, ${model.settings.iterations} iterations of ${model.settings.optimizer}`;
  }
  const scores = model.saved_model;
  if (scores && scores.dev_accuracy !== null) {
    text += `; dev accuracy ${scores.dev_accuracy.toFixed(4)}`;
  } else if (scores) {
    text += `; train accuracy ${scores.train_accuracy.toFixed(4)}`;
  }
  return text;
}

async function getJson(path) {
  const response = await fetch(path);
  if (!response.ok) {
    throw new Error(`${path}: HTTP ${response.status}`);
  }
  return response.json();
}

clearPad();
showAnswer(null);
getJson('model').then(model => {
  document.getElementById('model').textContent = describeModel(model);
}).catch(error => { status.textContent = error.message; });
getJson('weights').then(showWeights).catch(error => { status.textContent = error.message; });
