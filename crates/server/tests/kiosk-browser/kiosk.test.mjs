// The kiosk page of `ktpocr serve` in headless Chromium (Debian's package, driven by
// playwright-core): a synthetic card read through the file picker and through a fake
// camera fed with a video of the same card, finding the NIK and name `ktpocr scan` gives
// for the file; a key, an edit, the hand-over record (callback, postMessage, download),
// the wipe; the page's own capture checks on impaired cards; --no-auth on loopback with
// the card as a PDF; no request leaving the server's origin, nothing in browser storage;
// labels, keyboard use, no sideways scrolling at 1280x800 and on a 10-inch tablet. A
// screenshot of each state goes to target/kiosk-browser/. Run by
// scripts/kiosk-browser-test.sh.

import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { jpegPdf } from "./pdf.mjs";
import { cardVideo } from "./y4m.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const KTPOCR = process.env.KTPOCR_BIN ?? path.join(ROOT, "target/release/ktpocr");
const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
const SHOTS = path.join(ROOT, "target/kiosk-browser");
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "ktp-kiosk-"));

// The flags a root, offline CI machine needs (see .library notes): no sandbox as root, and
// no background connections to Google's hosts, which the closed network refuses.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const DESKTOP = { width: 1280, height: 800 };
// A 10-inch tablet held upright (CSS pixels of a 1600x2560 panel at 2x).
const TABLET = { width: 800, height: 1280 };
const KEY = { id: "kiosk-operator", secret: "kiosk-test-secret-0123456789" };
const READ_TIMEOUT_MS = 90_000;
// The page marks fields under this confidence (result.js LOW_CONFIDENCE).
const LOW_CONFIDENCE = 0.9;

function ktpocr(...args) {
  return execFileSync(KTPOCR, args, { encoding: "utf8", maxBuffer: 64 << 20 });
}

// `ktpocr synth` cards of the given conditions: [{file, condition}] with absolute paths.
function synth(dir, seed, count, conditions) {
  const out = path.join(WORK, dir);
  ktpocr("synth", "--count", String(count), "--seed", String(seed), "--out", out,
    ...conditions.flatMap((c) => ["--condition", c]));
  return fs.readFileSync(path.join(out, "truth.jsonl"), "utf8").trim().split("\n")
    .map((line) => JSON.parse(line))
    .map((t) => ({ file: path.join(out, t.file), condition: t.condition }));
}

// `ktpocr serve` on a free loopback port; resolves once it listens.
function serve(...args) {
  const child = spawn(KTPOCR, ["serve", "--addr", "127.0.0.1:0", "--workers", "1", "--quiet", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let log = "";
    child.stderr.on("data", (chunk) => {
      log += chunk;
      // Only a whole line: a chunk may end in the middle of the address.
      const m = log.match(/listening on (http:\/\/[^\s]+).*\n/);
      if (m) resolve({ origin: m[1], stop: () => stopped(child) });
    });
    child.on("exit", (code) => reject(new Error(`ktpocr serve exited (${code}): ${log}`)));
  });
}

function stopped(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.on("exit", resolve);
    child.kill("SIGTERM");
  });
}

async function launch(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

// A page that records every request it makes and every script error.
async function openPage(browser, origin, viewport, urlPath = "/kiosk") {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const requests = [];
  const errors = [];
  context.on("request", (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(origin + urlPath);
  await page.waitForSelector("body[data-ready]", { timeout: 20_000 }).catch(async (e) => {
    const shown = (await page.content()).slice(0, 1000);
    throw new Error(`the page at ${page.url()} did not start (${errors}; ${e.message}): ${shown}`);
  });
  return { context, page, requests, errors };
}

// Every request went to the server's own origin (data: and blob: URLs are made in the page).
function assertSameOrigin(requests, origin) {
  assert.ok(requests.length > 0);
  const away = requests.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:") && new URL(u).origin !== origin);
  assert.deepEqual(away, [], "requests that left the server's origin");
}

async function assertNothingStored(page) {
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    databases: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
  }));
  assert.deepEqual(stored, { local: 0, session: 0, cookie: "", databases: 0, caches: 0 });
}

async function assertReadable(page, label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${label}: the page scrolls sideways by ${overflow} px`);
}

// Every form control is labelled and every button named.
async function assertLabelled(page) {
  const unlabelled = await page.evaluate(() => [
    ...[...document.querySelectorAll("input")].filter((i) => i.labels.length === 0 && !i.getAttribute("aria-label")).map((i) => i.id || i.outerHTML),
    ...[...document.querySelectorAll("button")].filter((b) => !b.textContent.trim()).map((b) => b.id || b.outerHTML),
  ]);
  assert.deepEqual(unlabelled, []);
}

async function waitForRead(page) {
  await page.waitForFunction(() => {
    const status = document.getElementById("status").textContent;
    return status.startsWith("Card read") || status.startsWith("Not read");
  }, null, { timeout: READ_TIMEOUT_MS });
  return page.locator("#status").innerText();
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

// The page's text and every input's value, to look for what it shows of a card.
async function pageContents(page) {
  return page.evaluate(() => [
    document.body.innerText,
    ...[...document.querySelectorAll("input")].map((i) => i.value),
    ...[...document.querySelectorAll("img")].map((i) => i.getAttribute("src") ?? ""),
  ].join("\n"));
}

// The fields as the page shows them: value, confidence text, and the marks.
async function shownFields(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll(".field")].map((row) => [
    row.dataset.field,
    {
      value: row.querySelector("input").value,
      confidence: row.querySelector(".confidence").textContent,
      low: row.classList.contains("low"),
      corrected: row.classList.contains("corrected"),
    },
  ])));
}

// Decode a picture in the browser (any format it reads) into RGBA pixels.
async function pixelsOf(browser, file) {
  const page = await browser.newPage();
  const b64 = fs.readFileSync(file).toString("base64");
  const px = await page.evaluate(async (b64) => {
    const blob = await (await fetch(`data:application/octet-stream;base64,${b64}`)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext("2d");
    ctx.drawImage(bitmap, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    let binary = "";
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { width, height, data: btoa(binary) };
  }, b64);
  await page.close();
  return { width: px.width, height: px.height, data: Buffer.from(px.data, "base64") };
}

// The card picture as a JPEG, encoded by the browser (the synthetic card may be a PNG).
async function jpegOf(browser, file) {
  const page = await browser.newPage();
  const b64 = fs.readFileSync(file).toString("base64");
  const out = await page.evaluate(async (b64) => {
    const blob = await (await fetch(`data:application/octet-stream;base64,${b64}`)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext("2d").drawImage(bitmap, 0, 0);
    const jpeg = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.95 });
    const bytes = new Uint8Array(await jpeg.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { width: bitmap.width, height: bitmap.height, data: btoa(binary) };
  }, b64);
  await page.close();
  return { width: out.width, height: out.height, jpeg: Buffer.from(out.data, "base64") };
}

let card; // { file, scan: native reading of the file by `ktpocr scan` }
let server;
let browser;

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const [flat] = synth("flat", 2, 1, ["flat_scan"]);
  card = { file: flat.file, scan: JSON.parse(ktpocr("scan", flat.file)) };
  assert.equal(card.scan.status, "OK", "ktpocr scan reads the synthetic card");
  const keys = path.join(WORK, "keys.toml");
  fs.writeFileSync(keys, `[[key]]\nid = "${KEY.id}"\nsecret = "${KEY.secret}"\napis = ["idcard"]\n`, { mode: 0o600 });
  server = await serve("--keys", keys);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server) assert.equal(await server.stop(), 0, "the server exits 0 on SIGTERM");
  fs.rmSync(WORK, { recursive: true, force: true });
});

describe("with the server's keys", () => {
  test("a card through the file picker: key, fields, edit, hand-over, wipe", async () => {
    const { page, requests, errors } = await openPage(browser, server.origin, DESKTOP);
    await assertLabelled(page);
    assert.ok(await page.locator("#key-form").isVisible(), "the page asks for a key");
    await shot(page, "01-key");

    // A wrong secret: the read is refused and the key asked for again.
    await page.keyboard.type(KEY.id); // the key id field has the focus
    await page.keyboard.press("Tab");
    await page.keyboard.type("not-the-secret-0123456789");
    await page.keyboard.press("Enter");
    await page.setInputFiles("#file", card.file);
    assert.match(await waitForRead(page), /^Not read \(UNAUTHORIZED\)/);
    assert.ok(await page.locator("#key-form").isVisible());
    assert.match(await page.locator("#key-error").innerText(), /refused the key/);

    // The right key, by keyboard again; the inputs are emptied at once.
    await page.focus("#key-id");
    await page.keyboard.type(KEY.id);
    await page.keyboard.press("Tab");
    await page.keyboard.type(KEY.secret);
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("#key-name").innerText(), KEY.id);
    assert.ok(await page.locator("#key-form").isHidden());
    assert.equal(await page.locator("#key-secret").inputValue(), "");

    await page.setInputFiles("#file", card.file);
    assert.match(await waitForRead(page), /^Card read/);
    const scan = card.scan;
    const fields = await shownFields(page);
    assert.equal(fields.nik.value, scan.fields.nik.value);
    assert.equal(fields.nama.value, scan.fields.nama.value);
    // Every field, with its confidence, marked low exactly where the engine was unsure.
    for (const [name, f] of Object.entries(scan.fields)) {
      assert.equal(fields[name]?.value, f.value, name);
      assert.equal(fields[name].confidence.split("%")[0], String(Math.round(f.confidence * 100)), name);
      assert.equal(fields[name].low, f.confidence < LOW_CONFIDENCE, name);
    }
    // The warnings in words (or that there are none), and the NIK's decoding.
    const warnings = await page.locator("#warnings li").evaluateAll((lis) => lis.map((li) => li.dataset.code ?? null));
    assert.deepEqual(warnings, scan.warnings.length ? scan.warnings.map((w) => w.code) : [null]);
    const nikBirth = await page.locator('#nik-table tr[data-nik="birth_date"] td').allInnerTexts();
    assert.deepEqual(nikBirth, [scan.nik_check.birth_date, scan.fields.tanggal_lahir.value, "same"]);
    const nikSex = await page.locator('#nik-table tr[data-nik="sex"] td').allInnerTexts();
    assert.deepEqual(nikSex.slice(0, 2), [scan.nik_check.sex, scan.fields.jenis_kelamin.value]);
    // The straightened card and the holder's photo are shown.
    const pictures = await page.evaluate(() => ({
      card: [document.getElementById("card-canvas").width, document.getElementById("card-canvas").height],
      photo: document.getElementById("photo").naturalWidth,
    }));
    assert.ok(pictures.card[0] >= 900 && pictures.card[1] > 500, `card canvas ${pictures.card}`);
    assert.ok(pictures.photo > 50, "holder's photo");
    await assertReadable(page, "1280x800 result");
    await shot(page, "03-file-result");

    // An edit by keyboard: the field is marked corrected.
    const corrected = `${scan.fields.nama.value} SETIAWAN`;
    await page.focus("#field-nama");
    await page.keyboard.press("End");
    await page.keyboard.type(" SETIAWAN");
    assert.equal((await shownFields(page)).nama.corrected, true);
    assert.equal((await shownFields(page)).nik.corrected, false);
    await shot(page, "04-corrected");

    // Hand-over: the shell's callback, the message, and the download all carry the record.
    await page.evaluate(() => {
      window.ktpKiosk = { onHandover: (record) => { window.__callback = record; } };
      window.addEventListener("message", (e) => { window.__message = e.data; });
    });
    await page.click("#handover-send");
    await page.waitForFunction(() => window.__callback && window.__message);
    const { callback, message } = await page.evaluate(() => ({ callback: window.__callback, message: window.__message }));
    assert.equal(message.type, "ktp-ocr.kiosk.handover");
    assert.deepEqual(message.record, callback);
    assert.equal(callback.type, "ktp-ocr.kiosk.handover");
    assert.deepEqual(callback.corrected_fields, ["nama"]);
    assert.deepEqual(callback.fields.nama, {
      value: corrected,
      corrected_by_operator: true,
      read_value: scan.fields.nama.value,
      read_confidence: scan.fields.nama.confidence,
    });
    assert.equal(callback.fields.nik.value, scan.fields.nik.value);
    assert.equal(callback.fields.nik.corrected_by_operator, false);
    assert.equal(Object.keys(callback.fields).length, Object.keys(scan.fields).length);
    assert.deepEqual(callback.nik_check, scan.nik_check);
    assert.ok(callback.photo.length > 100, "the holder's photo is handed over");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#handover-download")]);
    assert.match(download.suggestedFilename(), /^ktp-[\w-]+\.json$/);
    const file = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
    assert.deepEqual({ ...file, handed_over_at: null }, { ...callback, handed_over_at: null });
    await assertNothingStored(page);

    // Clear: nothing of the card is left on the page.
    await page.click("#clear");
    await page.evaluate(() => { delete window.__callback; delete window.__message; });
    const left = await pageContents(page);
    for (const value of [scan.fields.nik.value, scan.fields.nama.value, corrected, scan.fields.alamat.value]) {
      assert.ok(!left.includes(value), `"${value}" is still on the page after Clear`);
    }
    assert.ok(!left.includes("data:image/jpeg"), "a picture is still on the page after Clear");
    assert.ok(await page.locator("#result").isHidden());
    assert.equal(await page.locator("#card-canvas").evaluate((c) => c.width), 0);
    assert.equal(await page.locator(".field").count(), 0);
    await shot(page, "05-cleared");

    // Clear while a read is on its way: its answer is dropped when it comes.
    const answered = page.waitForResponse((r) => r.url().endsWith("/kiosk/read"));
    await page.setInputFiles("#file", card.file);
    await page.click("#clear");
    assert.equal((await answered).status(), 200);
    const shown = await page.waitForSelector(".field", { timeout: 2000 }).then(() => true, () => false);
    assert.equal(shown, false, "a reading answered after Clear is shown");
    assert.ok(!(await pageContents(page)).includes(scan.fields.nik.value));
    await assertNothingStored(page);
    assertSameOrigin(requests, server.origin);
    assert.deepEqual(errors, []);
  });

  test("a card through the fake camera: live checks, shot, same NIK and name", async () => {
    const picture = await pixelsOf(browser, card.file);
    const { video } = cardVideo(picture);
    const videoFile = path.join(WORK, "card.y4m");
    fs.writeFileSync(videoFile, video);
    const camBrowser = await launch([
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${videoFile}`,
    ]);
    try {
      const { page, requests, errors } = await openPage(camBrowser, server.origin, DESKTOP);
      await page.fill("#key-id", KEY.id);
      await page.fill("#key-secret", KEY.secret);
      await page.press("#key-secret", "Enter");
      await page.click("#camera-start");
      // The guide turns ready once every check passes on the live frames.
      await page.waitForSelector("#viewfinder.ready", { timeout: 15_000 });
      const checks = await page.locator("#checks li").evaluateAll((lis) => lis.map((li) => [li.dataset.check, li.className]));
      assert.deepEqual(checks, [["card", "ok"], ["whole", "ok"], ["size", "ok"], ["sharp", "ok"], ["glare", "ok"]]);
      await assertReadable(page, "1280x800 camera");
      await shot(page, "02-camera");
      // Take the picture from the keyboard (the button has the focus once the camera runs).
      assert.equal(await page.evaluate(() => document.activeElement.id), "shoot");
      await page.keyboard.press("Enter");
      assert.match(await waitForRead(page), /^Card read/);
      const fields = await shownFields(page);
      assert.equal(fields.nik.value, card.scan.fields.nik.value);
      assert.equal(fields.nama.value, card.scan.fields.nama.value);
      // The camera is off once the card is read.
      assert.equal(await page.evaluate(() => document.getElementById("video").srcObject), null);
      await shot(page, "06-camera-result");
      await page.click("#clear");
      assert.ok(!(await pageContents(page)).includes(card.scan.fields.nik.value));
      await assertNothingStored(page);
      assertSameOrigin(requests, server.origin);
      assert.deepEqual(errors, []);
    } finally {
      await camBrowser.close();
    }
  });

  test("the page's capture checks flag blur, cut-off, glare and small cards", async () => {
    const conditions = ["flat_scan", "heavy_blur", "cropped", "glare", "low_res"];
    const cards = synth("checks", 3, 4 * conditions.length, conditions);
    const { page } = await openPage(browser, server.origin, DESKTOP);
    const failing = {};
    for (const c of cards) {
      const b64 = fs.readFileSync(c.file).toString("base64");
      const failed = await page.evaluate(async (b64) => {
        const q = await import("/kiosk/quality.js");
        const img = new Image();
        img.src = `data:image/jpeg;base64,${b64}`;
        await img.decode();
        return q.assess(q.measureFrame(img, img.naturalWidth, img.naturalHeight)).checks.filter((k) => !k.ok).map((k) => k.id);
      }, b64);
      (failing[c.condition] ??= []).push(failed);
    }
    // Sharp, whole, large, glare-free scans pass every check; each impairment is caught on
    // at least 3 of its 4 cards (the cards are random draws of each condition).
    assert.deepEqual(failing.flat_scan, [[], [], [], []], "flat scans");
    const caught = (condition, check) => failing[condition].filter((f) => f.includes(check)).length;
    assert.ok(caught("heavy_blur", "sharp") >= 3, `blur: ${JSON.stringify(failing.heavy_blur)}`);
    assert.ok(caught("cropped", "whole") >= 3, `cut off: ${JSON.stringify(failing.cropped)}`);
    assert.ok(caught("glare", "glare") >= 3, `glare: ${JSON.stringify(failing.glare)}`);
    assert.ok(caught("low_res", "size") >= 3, `small: ${JSON.stringify(failing.low_res)}`);
    await page.context().close();
  });
});

describe("with --no-auth on loopback", () => {
  test("no key is asked for; a PDF is read; readable on a 10-inch tablet", async () => {
    // The same card as a scanner's PDF, and what `ktpocr scan` reads from that file.
    const { jpeg, width, height } = await jpegOf(browser, card.file);
    const pdf = path.join(WORK, "card.pdf");
    fs.writeFileSync(pdf, jpegPdf(jpeg, width, height));
    const scan = JSON.parse(ktpocr("scan", pdf));
    assert.equal(scan.status, "OK", "ktpocr scan reads the PDF");
    const open = await serve("--no-auth");
    try {
      // A browser opening the server's root gets the page.
      const { page, requests, errors } = await openPage(browser, open.origin, TABLET, "/");
      assert.ok(await page.locator("#access").isHidden(), "no key form without auth");
      await assertLabelled(page);
      await assertReadable(page, "tablet capture");
      await shot(page, "07-tablet-capture");
      await page.setInputFiles("#file", pdf);
      assert.match(await waitForRead(page), /^Card read/);
      const fields = await shownFields(page);
      assert.equal(fields.nik.value, scan.fields.nik.value);
      assert.equal(fields.nama.value, scan.fields.nama.value);
      await assertReadable(page, "tablet result");
      await shot(page, "08-tablet-result");
      assertSameOrigin(requests, open.origin);
      assert.deepEqual(errors, []);
      await page.context().close();
    } finally {
      assert.equal(await open.stop(), 0);
    }
  });
});
