// Capture quality of a camera frame, measured in the page before the picture is taken, so
// the operator can fix blur, glare, distance and framing without waiting for a read.
//
// The engine measures the same things on the picture it is sent (src/card/quality.rs) and
// warns from its own bars; these are quicker stand-ins that run several times a second on
// a small copy of the frame. Where the quantity is the same, the bar is the engine's.

// A pixel with every channel at least this bright is blown out (BLOWN_OUT in
// src/card/quality.rs).
export const BLOWN_OUT = 245;
// Above this share of blown-out card pixels glare hides text (MAX_GLARE there).
export const MAX_GLARE = 0.005;
// A card narrower than this many camera pixels is read poorly (MIN_CARD_WIDTH_PX there;
// the engine's LOW_RESOLUTION warning).
export const MIN_CARD_WIDTH_PX = 600;
// Width over height of an ID-1 card (85.60 x 53.98 mm): the shape of the guide.
export const ID1_ASPECT = 85.6 / 53.98;
// The guide's share of the frame, in both directions at most.
export const GUIDE_SHARE = 0.8;
// The card should span at least this share of the guide's width: nearer is sharper text.
export const MIN_GUIDE_FILL = 0.7;
// Below this sharpness (see `sharpness`) text edges are smeared. Measured on 150
// `ktpocr synth` cards (seeds 3, 5, 9 and 21, every condition): heavy blur 0.06-0.19,
// every other condition 0.21 and more (the browser test checks cards of each side).
export const MIN_SHARPNESS = 0.2;

// A pixel is card ground when blue exceeds red by this much (more when the background is
// bluish too, see `bluenessThreshold`), green is not below red, and its mean channel is at
// least MIN_BRIGHTNESS: the engine's rule for finding the card (src/card/locate.rs).
const MIN_BLUE_OVER_RED = 10;
const MIN_BLUENESS_SEPARATION = 20;
const MIN_BRIGHTNESS = 110;
// A column or row holds card when its blue count is at least this share of the fullest.
const LINE_SHARE = 0.3;
// The card runs past the picture's edge when card ground covers this share of the border
// beside it.
const EDGE_SHARE = 0.05;
// Less card ground than this share of the frame is no card.
const MIN_CARD_SHARE = 0.04;
// Frames are searched for the card at this width (a card is big and smooth).
const FIND_WIDTH = 320;
// The card is measured at its own width in the frame, at most this (the engine's
// MEASURE_WIDTH): blur is judged in the camera's pixels, not in an upscale's.
const MEASURE_WIDTH = 1000;
// The share of one-pixel steps below the one `sharpness` takes: the steepest half percent
// are the text's edges on a card.
const STEEP_EDGE_SHARE = 0.995;

// The guide rectangle in a frame of `width` x `height`: centred, ID-1 shaped, as large as
// `GUIDE_SHARE` of the frame allows.
export function guideRect(width, height) {
  let w = width * GUIDE_SHARE;
  let h = w / ID1_ASPECT;
  if (h > height * GUIDE_SHARE) {
    h = height * GUIDE_SHARE;
    w = h * ID1_ASPECT;
  }
  return { x: (width - w) / 2, y: (height - h) / 2, w, h };
}

// Blue-over-red level that separates the card from its background, as the engine sets
// it: Otsu's split of the bright pixels' blueness when it finds two distinct populations
// (a card on a bluish desk), else the fixed minimum.
function bluenessThreshold(image) {
  const { data } = image;
  const histogram = new Float64Array(128);
  for (let i = 0; i < data.length; i += 4) {
    if ((data[i] + data[i + 1] + data[i + 2]) / 3 >= MIN_BRIGHTNESS) {
      histogram[Math.max(0, Math.min(127, data[i + 2] - data[i]))]++;
    }
  }
  const total = histogram.reduce((a, c) => a + c, 0);
  if (total === 0) return MIN_BLUE_OVER_RED;
  const sumAll = histogram.reduce((a, c, v) => a + v * c, 0);
  let w0 = 0;
  let sum0 = 0;
  let best = { between: 0, threshold: MIN_BLUE_OVER_RED, separation: 0 };
  for (let t = 0; t < 128; t++) {
    w0 += histogram[t];
    sum0 += t * histogram[t];
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const m0 = sum0 / w0;
    const m1 = (sumAll - sum0) / w1;
    const between = w0 * w1 * (m0 - m1) ** 2;
    if (between > best.between) best = { between, threshold: t + 1, separation: m1 - m0 };
  }
  return best.separation >= MIN_BLUENESS_SEPARATION
    ? Math.max(best.threshold, MIN_BLUE_OVER_RED)
    : MIN_BLUE_OVER_RED;
}

// The card's bounding box among the pixels at least `threshold` bluer than red; null when
// there is too little card ground. `touchesEdge`: the card runs to the image's border.
function cardBox(image, threshold) {
  const { data, width, height } = image;
  const cols = new Uint32Array(width);
  const rows = new Uint32Array(height);
  let total = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const r = data[i];
      const g = data[i + 1];
      const b = data[i + 2];
      if (b - r >= threshold && g >= r && (r + g + b) / 3 >= MIN_BRIGHTNESS) {
        cols[x]++;
        rows[y]++;
        total++;
      }
    }
  }
  if (total < MIN_CARD_SHARE * width * height) return null;
  const span = (counts) => {
    const bar = LINE_SHARE * Math.max(...counts);
    const first = counts.findIndex((c) => c >= bar);
    let last = counts.length - 1;
    while (last > first && counts[last] < bar) last--;
    return [first, last + 1];
  };
  const [x0, x1] = span(cols);
  const [y0, y1] = span(rows);
  // A tilted card reaches an edge with a corner only, which the box's bar trims: look at
  // the image's border pixels beside the box instead.
  const ground = (x, y) => {
    const i = (y * width + x) * 4;
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    return b - r >= threshold && g >= r && (r + g + b) / 3 >= MIN_BRIGHTNESS;
  };
  const along = (n, at) => {
    let count = 0;
    for (let k = 0; k < n; k++) if (at(k)) count++;
    return count;
  };
  const cut = (count, side) => count >= EDGE_SHARE * side;
  const touchesEdge =
    cut(along(y1 - y0, (k) => ground(0, y0 + k)), y1 - y0) ||
    cut(along(y1 - y0, (k) => ground(width - 1, y0 + k)), y1 - y0) ||
    cut(along(x1 - x0, (k) => ground(x0 + k, 0)), x1 - x0) ||
    cut(along(x1 - x0, (k) => ground(x0 + k, height - 1)), x1 - x0);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0, touchesEdge };
}

// Long over short side of a card's bounding box: ID-1 is 1.586; a tilt of up to about 25
// degrees or a card held upright still falls in this range, a background does not.
const BOX_ASPECT_RANGE = [1.05, 2.2];

function cardShaped(box) {
  const aspect = Math.max(box.w, box.h) / Math.max(1, Math.min(box.w, box.h));
  return aspect >= BOX_ASPECT_RANGE[0] && aspect <= BOX_ASPECT_RANGE[1];
}

// The card's bounding box in an RGBA image (ImageData-like), from its light-blue ground;
// null when there is too little of it. As the engine does, the split from a bluish
// background is tried first, then the plain minimum (the split can fall between the card
// and the holder's blue photo backdrop and keep only the backdrop); the first card-shaped
// box is kept.
export function findCard(image) {
  const split = bluenessThreshold(image);
  const thresholds = split > MIN_BLUE_OVER_RED ? [split, MIN_BLUE_OVER_RED] : [MIN_BLUE_OVER_RED];
  const boxes = thresholds.map((t) => cardBox(image, t)).filter((box) => box !== null);
  return boxes.find(cardShaped) ?? boxes[0] ?? null;
}

// How steep the card's steepest edges are relative to its contrast, as the engine judges
// blur: the 99.5th percentile of the one-pixel grey steps over the grey range (5th to 95th
// percentile), taken across and down and the smaller kept, since motion blurs one way
// only. Ink meeting the ground within one pixel gives about 1; an edge smeared over k
// pixels about 1/k.
export function sharpness(image) {
  const { data, width, height } = image;
  const grey = new Float32Array(width * height);
  const levels = new Uint32Array(256);
  for (let i = 0; i < grey.length; i++) {
    const v = 0.299 * data[i * 4] + 0.587 * data[i * 4 + 1] + 0.114 * data[i * 4 + 2];
    grey[i] = v;
    levels[Math.min(255, Math.round(v))]++;
  }
  const across = new Uint32Array(256);
  const down = new Uint32Array(256);
  let n = 0;
  for (let y = 0; y < height - 1; y++) {
    for (let x = 0; x < width - 1; x++) {
      const i = y * width + x;
      across[Math.min(255, Math.round(Math.abs(grey[i + 1] - grey[i])))]++;
      down[Math.min(255, Math.round(Math.abs(grey[i + width] - grey[i])))]++;
      n++;
    }
  }
  if (n === 0) return 0;
  const range = Math.max(1, percentile(levels, grey.length, 0.95) - percentile(levels, grey.length, 0.05));
  const steepest = Math.min(percentile(across, n, STEEP_EDGE_SHARE), percentile(down, n, STEEP_EDGE_SHARE));
  return Math.min(1, steepest / range);
}

// The value below which a share `p` of `total` counted values lie, from their histogram.
function percentile(histogram, total, p) {
  let seen = 0;
  for (let v = 0; v < histogram.length; v++) {
    seen += histogram[v];
    if (seen >= p * total) return v;
  }
  return histogram.length - 1;
}

// What the glare measure skips, as fractions of the card's width and height: the holder's
// photo (a white shirt is no glare; PHOTO_NOT_GLARE in src/card/layout.rs), and a border
// where the rounded corners and the box's slack show the ground behind the card
// (GLARE_EDGE_MARGIN in src/card/quality.rs).
const PHOTO_NOT_GLARE = { x0: 0.69, y0: 0.17, x1: 0.99, y1: 0.7 };
const BORDER = 0.04;

// Share of the card's pixels blown out (every channel at least `BLOWN_OUT`), in an image
// of the card upright.
export function glare(image) {
  const { data, width, height } = image;
  let blown = 0;
  let pixels = 0;
  for (let y = Math.floor(BORDER * height); y < (1 - BORDER) * height; y++) {
    const fy = y / height;
    for (let x = Math.floor(BORDER * width); x < (1 - BORDER) * width; x++) {
      const fx = x / width;
      const inPhoto = fx >= PHOTO_NOT_GLARE.x0 && fx <= PHOTO_NOT_GLARE.x1 &&
        fy >= PHOTO_NOT_GLARE.y0 && fy <= PHOTO_NOT_GLARE.y1;
      if (inPhoto) continue;
      const i = (y * width + x) * 4;
      pixels++;
      if (data[i] >= BLOWN_OUT && data[i + 1] >= BLOWN_OUT && data[i + 2] >= BLOWN_OUT) blown++;
    }
  }
  return pixels ? blown / pixels : 0;
}

// Draw `source` (a video, image or canvas) scaled into `canvas` and return its pixels.
function pixelsOf(canvas, source, sx, sy, sw, sh, width) {
  const height = Math.max(1, Math.round((width * sh) / sw));
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.drawImage(source, sx, sy, sw, sh, 0, 0, width, height);
  return ctx.getImageData(0, 0, width, height);
}

// Measure one frame of `source` (`width` x `height` pixels): where the card is, and how
// wide, sharp and glared it is. `canvas` is scratch space, reused between frames.
export function measureFrame(source, width, height, canvas = document.createElement("canvas")) {
  const small = pixelsOf(canvas, source, 0, 0, width, height, Math.min(FIND_WIDTH, width));
  const scale = width / small.width;
  const guide = guideRect(width, height);
  const found = findCard(small);
  small.data.fill(0);
  if (!found) return { card: null, guide };
  const card = {
    x: found.x * scale,
    y: found.y * scale,
    w: found.w * scale,
    h: found.h * scale,
    touchesEdge: found.touchesEdge,
  };
  const crop = pixelsOf(canvas, source, card.x, card.y, card.w, card.h,
    Math.max(1, Math.round(Math.min(MEASURE_WIDTH, card.w))));
  const measures = {
    card,
    guide,
    widthPx: card.w,
    guideFill: card.w / guide.w,
    sharpness: sharpness(crop),
    glare: glare(crop),
  };
  crop.data.fill(0);
  canvas.width = 0;
  return measures;
}

// The operator's checklist from a frame's measures: each check with whether it passes and
// what to do about it; `ready` when all pass.
export function assess(m) {
  if (!m.card) {
    return {
      ready: false,
      checks: [{ id: "card", ok: false, text: "No card seen: hold the card inside the guide" }],
    };
  }
  const checks = [
    { id: "card", ok: true, text: "Card seen" },
    m.card.touchesEdge
      ? { id: "whole", ok: false, text: "Cut off: part of the card is outside the picture" }
      : { id: "whole", ok: true, text: "Whole card in the picture" },
    m.widthPx < MIN_CARD_WIDTH_PX || m.guideFill < MIN_GUIDE_FILL
      ? { id: "size", ok: false, text: "Too small: bring the card closer, to fill the guide" }
      : { id: "size", ok: true, text: "Close enough" },
    m.sharpness < MIN_SHARPNESS
      ? { id: "sharp", ok: false, text: "Blurred: hold still and let the camera focus" }
      : { id: "sharp", ok: true, text: "Sharp" },
    m.glare > MAX_GLARE
      ? { id: "glare", ok: false, text: "Glare: tilt the card away from the light" }
      : { id: "glare", ok: true, text: "No glare" },
  ];
  return { ready: checks.every((c) => c.ok), checks };
}
