// Handing the checked reading to the kiosk's own software: as a JSON file, and to a kiosk
// shell by window.postMessage and by a callback it installs (docs/server.md, "Kiosk
// page"). The record says, per field, whether the operator corrected it.

// `type` of the record and of the postMessage data; `version` changes if the shape does.
export const HANDOVER_TYPE = "ktp-ocr.kiosk.handover";
export const HANDOVER_VERSION = 1;

// The record of one checked card. `fields` as ResultView.fieldsNow() gives them.
export function handoverRecord(reading, fields) {
  const corrected = Object.keys(fields).filter((n) => fields[n].corrected_by_operator);
  return {
    type: HANDOVER_TYPE,
    version: HANDOVER_VERSION,
    request_id: reading.request_id,
    handed_over_at: new Date().toISOString(),
    fields,
    corrected_fields: corrected,
    nik_check: reading.nik_check ?? null,
    warnings: reading.warnings ?? [],
    quality: reading.quality ?? null,
    photo: reading.photo ?? null,
  };
}

// Save the record as a file through the browser's download (the object URL is revoked at
// once; the browser keeps nothing else).
export function download(record) {
  const blob = new Blob([JSON.stringify(record, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  // Named by the request, never by anything printed on the card.
  a.download = `ktp-${record.request_id || "reading"}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

// The origin a framing shell must have to receive the record: `?shell=ORIGIN` in the
// page's address, else this page's own origin (a shell that injects its script into the
// page, as a WebView does, or a page of this server).
export function shellOrigin(search = window.location.search) {
  const asked = new URLSearchParams(search).get("shell");
  if (asked) {
    try {
      return new URL(asked).origin;
    } catch {
      // An address that is not a URL names no shell: fall back to this origin.
    }
  }
  return window.location.origin;
}

// Give the record to the kiosk shell: `window.ktpKiosk.onHandover(record)` when the shell
// installed it (a promise it returns is awaited), a `ktp-kiosk-handover` event on window,
// and a postMessage `{type, record}` to the parent frame, the opener, or else this window.
// Returns whether the shell's callback took it.
export async function deliver(record) {
  window.dispatchEvent(new CustomEvent("ktp-kiosk-handover", { detail: record }));
  const target = window.parent !== window ? window.parent : window.opener ?? window;
  target.postMessage({ type: HANDOVER_TYPE, record }, shellOrigin());
  const hook = window.ktpKiosk?.onHandover;
  if (typeof hook !== "function") return false;
  await hook(record);
  return true;
}
