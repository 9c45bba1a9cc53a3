// The kiosk page: capture (camera or file), check and correct, hand over, clear. Everything
// the page learns about a card lives in `reading` and the ResultView until Clear; nothing
// is written to browser storage.

import { forgetKey, keyId, keysRequired, readCard, setKey } from "./access.js";
import { Camera } from "./camera.js";
import { deliver, download, handoverRecord } from "./handover.js";
import { ResultView } from "./result.js";

const $ = (id) => document.getElementById(id);

const ui = {
  status: $("status"),
  clear: $("clear"),
  access: $("access"),
  keyForm: $("key-form"),
  keyIdInput: $("key-id"),
  keySecretInput: $("key-secret"),
  keyError: $("key-error"),
  keyInUse: $("key-in-use"),
  keyName: $("key-name"),
  forgetKey: $("forget-key"),
  capture: $("capture"),
  captureTitle: $("capture-title"),
  cameraStart: $("camera-start"),
  cameraStop: $("camera-stop"),
  shoot: $("shoot"),
  cameraError: $("camera-error"),
  checks: $("checks"),
  file: $("file"),
  result: $("result"),
  resultTitle: $("result-title"),
  handover: $("handover"),
  handoverSend: $("handover-send"),
  handoverDownload: $("handover-download"),
  handoverState: $("handover-state"),
};

const view = new ResultView({
  canvas: $("card-canvas"),
  photo: $("photo"),
  fields: $("fields"),
  warnings: $("warnings"),
  nikTable: $("nik-table"),
  nikChecks: $("nik-checks"),
  quality: $("quality"),
});

const camera = new Camera({
  viewfinder: $("viewfinder"),
  video: $("video"),
  guide: $("guide"),
  onChecks: showChecks,
});

let needsKey = false;
let reading = null;
let busy = false;
// Counts wipes: a read answered after Clear belongs to a card the operator dropped.
let generation = 0;
let shownChecks = "";

function say(text) {
  ui.status.textContent = text;
}

function showChecks({ checks }) {
  // Only changes are written: the list is a live region, read out when it changes.
  const key = JSON.stringify(checks);
  if (key === shownChecks) return;
  shownChecks = key;
  ui.checks.replaceChildren(
    ...checks.map(({ id, ok, text }) => {
      const li = document.createElement("li");
      li.className = ok ? "ok" : "bad";
      li.dataset.check = id;
      li.textContent = text;
      return li;
    }),
  );
}

// --- access ---------------------------------------------------------------------------

function showKeyState() {
  const id = keyId();
  ui.access.hidden = !needsKey || id !== null;
  ui.keyInUse.hidden = id === null;
  ui.keyName.textContent = id ?? "";
}

function askForKey(message) {
  forgetKey();
  showKeyState();
  ui.keyError.textContent = message;
  ui.keyIdInput.focus();
}

ui.keyForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const id = ui.keyIdInput.value.trim();
  const secret = ui.keySecretInput.value;
  // The inputs are emptied at once: the key lives only in access.js's memory.
  ui.keyIdInput.value = "";
  ui.keySecretInput.value = "";
  if (!id || !secret) return askForKey("Enter the key id and its secret.");
  setKey(id, secret);
  ui.keyError.textContent = "";
  showKeyState();
  say(`Key ${id} in use. Capture a card.`);
  ui.cameraStart.focus();
});

ui.forgetKey.addEventListener("click", () => {
  askForKey("");
  say("Key forgotten.");
});

// --- capture --------------------------------------------------------------------------

ui.cameraStart.addEventListener("click", async () => {
  ui.cameraError.textContent = "";
  try {
    await camera.start();
    ui.cameraStart.hidden = true;
    ui.cameraStop.hidden = false;
    ui.shoot.disabled = false;
    ui.shoot.focus();
    say("Camera on: hold the card inside the guide.");
  } catch (e) {
    camera.stop();
    ui.cameraError.textContent = `The camera could not start: ${e.message}. Choose a file instead.`;
  }
});

function stopCamera() {
  camera.stop();
  ui.cameraStart.hidden = false;
  ui.cameraStop.hidden = true;
  ui.shoot.disabled = true;
  ui.checks.replaceChildren();
  shownChecks = "";
}

ui.cameraStop.addEventListener("click", () => {
  stopCamera();
  say("Camera off.");
  ui.cameraStart.focus();
});

ui.shoot.addEventListener("click", async () => {
  let shot;
  try {
    shot = await camera.shoot();
  } catch (e) {
    ui.cameraError.textContent = `No picture: ${e.message}.`;
    return;
  }
  await read(shot, "camera.jpg");
});

ui.file.addEventListener("change", async () => {
  const file = ui.file.files?.[0];
  if (file) await read(file, file.name);
});

// --- read -----------------------------------------------------------------------------

async function read(file, filename) {
  if (busy) return;
  if (needsKey && keyId() === null) {
    askForKey("Enter your key first; then take the picture again.");
    return;
  }
  busy = true;
  ui.shoot.disabled = true;
  say("Reading the card…");
  const mine = generation;
  try {
    const answer = await readCard(file, filename);
    if (mine !== generation) return;
    await showReading(answer);
  } catch (e) {
    if (mine !== generation) return;
    wipe();
    if (e.keyRefused) askForKey(`The server refused the key: ${e.message}`);
    say(`Not read (${e.status ?? "error"}): ${e.message}`);
  } finally {
    busy = false;
    ui.shoot.disabled = !camera.running;
    // The picked file is sent; the picker keeps no reference to it.
    ui.file.value = "";
  }
}

async function showReading(answer) {
  wipe();
  reading = answer;
  await view.show(answer);
  // The result takes the screen; Clear brings the capture back for the next card.
  stopCamera();
  ui.capture.hidden = true;
  ui.result.hidden = false;
  ui.handover.hidden = false;
  ui.handoverState.textContent = "";
  const warnings = answer.warnings?.length ?? 0;
  say(`Card read${warnings ? ` with ${warnings} warning${warnings > 1 ? "s" : ""}` : ""}: check the fields.`);
  ui.resultTitle.focus();
}

// --- hand over ------------------------------------------------------------------------

function record() {
  return handoverRecord(reading, view.fieldsNow());
}

ui.handoverDownload.addEventListener("click", () => {
  if (!reading) return;
  download(record());
  ui.handoverState.textContent = "Downloaded as JSON.";
});

ui.handoverSend.addEventListener("click", async () => {
  if (!reading) return;
  try {
    const tookIt = await deliver(record());
    ui.handoverState.textContent = tookIt
      ? "Handed over to the kiosk."
      : "Sent as a message to the kiosk shell (no ktpKiosk.onHandover hook is installed).";
  } catch (e) {
    ui.handoverState.textContent = `The kiosk shell refused the hand-over: ${e.message}`;
  }
});

// --- clear ----------------------------------------------------------------------------

// Forget the card: the reading, its picture, the corrections and the hand-over.
function wipe() {
  generation++;
  reading = null;
  view.clear();
  ui.capture.hidden = false;
  ui.result.hidden = true;
  ui.handover.hidden = true;
  ui.handoverState.textContent = "";
  ui.file.value = "";
}

ui.clear.addEventListener("click", () => {
  wipe();
  say("Cleared: nothing of the last card is left in this page.");
  ui.captureTitle.focus();
});

// --- start ----------------------------------------------------------------------------

async function start() {
  try {
    needsKey = await keysRequired();
  } catch (e) {
    say(`The server did not answer: ${e.message}`);
    return;
  }
  showKeyState();
  if (needsKey) {
    say("Enter your key, then capture a card.");
    ui.keyIdInput.focus();
  } else {
    say("Ready: capture a card (this server checks no keys).");
  }
  document.body.dataset.ready = "true";
}

start();
