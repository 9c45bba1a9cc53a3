// Talking to this server: whether it checks keys (GET /health), the operator's key kept in
// this module's memory only (never in storage, cookies or the address), and the read
// request (POST /kiosk/read) with the key as the accuauth headers.

export const READ_PATH = "/kiosk/read";
const HEALTH_PATH = "/health";
// The accuauth codes that mean the key must be entered again.
export const KEY_REFUSALS = ["UNAUTHORIZED", "KEY_EXPIRED", "NO_PERMISSION"];

// Only this server, nothing cached, no referrer, no cookies.
const FETCH_OPTIONS = { cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer" };

let key = null;

// Whether this server checks keys (a keys file) or not (`--no-auth`, loopback only).
export async function keysRequired() {
  const response = await fetch(HEALTH_PATH, FETCH_OPTIONS);
  if (!response.ok) throw new Error(`the server's health answer was HTTP ${response.status}`);
  const health = await response.json();
  return health.auth !== "disabled";
}

export function setKey(id, secret) {
  key = { id, secret };
}

export function forgetKey() {
  key = null;
}

export function keyId() {
  return key?.id ?? null;
}

// A failed read, with the server's status code and reason.
export class ReadError extends Error {
  constructor(status, reason, http) {
    super(reason);
    this.status = status;
    this.http = http;
  }

  get keyRefused() {
    return KEY_REFUSALS.includes(this.status);
  }
}

// Read a card (a File or Blob: JPG, PNG or PDF). Resolves to the native reading with the
// straightened card and the holder's photo; rejects with a ReadError.
export async function readCard(file, filename) {
  const body = new FormData();
  body.append("file", file, filename);
  const headers = key ? { "X-DF-API-ID": key.id, "X-DF-API-SECRET": key.secret } : {};
  let response;
  try {
    response = await fetch(READ_PATH, { ...FETCH_OPTIONS, method: "POST", headers, body });
  } catch (e) {
    throw new ReadError("NETWORK", `the server could not be reached (${e.message})`, 0);
  }
  let answer;
  try {
    answer = await response.json();
  } catch {
    throw new ReadError("INTERNAL_ERROR", `the server answered HTTP ${response.status} without JSON`, response.status);
  }
  if (!response.ok || answer.status !== "OK") {
    throw new ReadError(answer.status ?? "INTERNAL_ERROR", answer.reason ?? `HTTP ${response.status}`, response.status);
  }
  return answer;
}
