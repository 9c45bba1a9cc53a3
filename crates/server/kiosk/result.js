// The reading on the page: the straightened card with each field's box, every field as an
// editable input with its confidence, the warnings in words, and what the NIK says beside
// what is printed. Tracks which fields the operator changed.

// The fields in the order the card prints them, with the card's label and a translation.
export const FIELDS = [
  ["provinsi", "Provinsi", "province"],
  ["kabupaten_kota", "Kabupaten/Kota", "regency or city"],
  ["nik", "NIK", "identity number"],
  ["nama", "Nama", "name"],
  ["tempat_lahir", "Tempat lahir", "place of birth"],
  ["tanggal_lahir", "Tanggal lahir", "date of birth"],
  ["jenis_kelamin", "Jenis kelamin", "sex"],
  ["gol_darah", "Gol. darah", "blood type"],
  ["alamat", "Alamat", "address"],
  ["rt", "RT", "neighbourhood"],
  ["rw", "RW", "community"],
  ["kel_desa", "Kel/Desa", "village"],
  ["kecamatan", "Kecamatan", "district"],
  ["agama", "Agama", "religion"],
  ["status_perkawinan", "Status perkawinan", "marital status"],
  ["pekerjaan", "Pekerjaan", "occupation"],
  ["kewarganegaraan", "Kewarganegaraan", "citizenship"],
  ["berlaku_hingga", "Berlaku hingga", "valid until"],
  ["tempat_terbit", "Tempat terbit", "issued at"],
  ["tanggal_terbit", "Tanggal terbit", "issued on"],
];

// Under this confidence a field is marked for checking: fields read at 0.9 or more were
// exact 99.8% of the time on the 300 synthetic cards of README.md's accuracy table.
export const LOW_CONFIDENCE = 0.9;

// What the NIK decodes to, beside the printed field it should agree with.
const NIK_ROWS = [
  ["province", "Province", "provinsi"],
  ["regency", "Regency/city", "kabupaten_kota"],
  ["district", "District", "kecamatan"],
  ["birth_date", "Birth date", "tanggal_lahir"],
  ["sex", "Sex", "jenis_kelamin"],
];

const BOX_COLOURS = { ok: "#146c2e", low: "#c77700", focus: "#0a58ca" };

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

const label = (name) => FIELDS.find(([n]) => n === name)?.[1] ?? name;
const same = (a, b) => a.trim().replace(/\s+/g, " ").toUpperCase() === b.trim().replace(/\s+/g, " ").toUpperCase();

export class ResultView {
  constructor({ canvas, photo, fields, warnings, nikTable, nikChecks, quality }) {
    this.els = { canvas, photo, fields, warnings, nikTable, nikChecks, quality };
    this.reading = null;
    this.cardImage = null;
    this.focused = null;
    this.inputs = new Map();
  }

  // Show a native reading (with `card` and `photo`, as POST /kiosk/read answers).
  async show(reading) {
    this.clear();
    this.reading = reading;
    await this.showCard(reading.card);
    this.showPhoto(reading.photo);
    this.showFields(reading);
    this.showWarnings(reading.warnings ?? []);
    this.showNik();
    this.showQuality(reading.quality);
  }

  async showCard(card) {
    const { canvas } = this.els;
    if (!card?.image) {
      canvas.width = 0;
      return;
    }
    const img = new Image();
    img.src = `data:image/jpeg;base64,${card.image}`;
    await img.decode();
    this.cardImage = img;
    canvas.width = card.width;
    canvas.height = card.height;
    this.drawCard();
  }

  // The card and every field's box; the focused field's box in blue, low ones in amber.
  drawCard() {
    const { canvas } = this.els;
    const card = this.reading?.card;
    if (!card || !this.cardImage) return;
    const ctx = canvas.getContext("2d");
    ctx.drawImage(this.cardImage, 0, 0, card.width, card.height);
    const scale = card.width / 1000;
    for (const [name, quad] of Object.entries(card.boxes ?? {})) {
      const field = this.reading.fields[name];
      const kind = name === this.focused ? "focus" : field && field.confidence < LOW_CONFIDENCE ? "low" : "ok";
      ctx.lineWidth = (kind === "focus" ? 4 : 2) * scale;
      ctx.strokeStyle = BOX_COLOURS[kind];
      ctx.beginPath();
      quad.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
      ctx.closePath();
      ctx.stroke();
    }
    // Last, so no other box crosses it.
    const focusedBox = card.boxes?.[this.focused];
    if (focusedBox) this.drawTag(ctx, label(this.focused), focusedBox, scale);
  }

  // The field's name on a tag beside its box (right of it, or left when the card ends),
  // so it hides none of the card's text.
  drawTag(ctx, text, quad, scale) {
    const card = this.reading.card;
    const size = Math.round(22 * scale);
    const pad = 5 * scale;
    ctx.font = `bold ${size}px system-ui, sans-serif`;
    const w = ctx.measureText(text).width + 2 * pad;
    const h = size + 2 * pad;
    const right = Math.max(quad[1][0], quad[2][0]) + 6 * scale;
    const left = Math.min(quad[0][0], quad[3][0]) - 6 * scale - w;
    const x = right + w <= card.width ? right : Math.max(0, left);
    const y = Math.min(card.height - h, Math.max(0, (quad[0][1] + quad[3][1]) / 2 - h / 2));
    ctx.fillStyle = BOX_COLOURS.focus;
    ctx.fillRect(x, y, w, h);
    ctx.fillStyle = "#fff";
    ctx.textBaseline = "middle";
    ctx.fillText(text, x + pad, y + h / 2);
  }

  showPhoto(photo) {
    if (photo) this.els.photo.src = `data:image/jpeg;base64,${photo}`;
  }

  showFields(reading) {
    const warned = new Map();
    for (const w of reading.warnings ?? []) {
      if (w.field) warned.set(w.field, [...(warned.get(w.field) ?? []), w.message]);
    }
    // The card's order; a field this page does not know yet goes last.
    const known = FIELDS.map(([n]) => n);
    const names = [...known, ...Object.keys(reading.fields).filter((n) => !known.includes(n))];
    for (const name of names) {
      const field = reading.fields[name];
      if (!field) continue;
      const [, card, english] = FIELDS.find(([n]) => n === name) ?? [name, name, ""];
      const id = `field-${name}`;
      const input = el("input", { id, name, autocomplete: "off", spellcheck: "false" });
      input.value = field.value;
      const low = field.confidence < LOW_CONFIDENCE;
      const confidence = el("span", { class: "confidence", id: `${id}-confidence` });
      confidence.append(`${Math.round(field.confidence * 100)}%`);
      if (!field.value) confidence.append(" ", el("span", { class: "badge missing", text: "not read" }));
      else if (low) confidence.append(" ", el("span", { class: "badge low", text: "check" }));
      const note = el("span", { class: "note", id: `${id}-note`, text: (warned.get(name) ?? []).join("; ") });
      input.setAttribute("aria-describedby", `${id}-confidence ${id}-note`);
      const row = el(
        "div",
        { class: `field${low ? " low" : ""}`, "data-field": name },
        el("label", { for: id }, card, el("span", { class: "en", text: english })),
        input,
        confidence,
        note,
      );
      input.addEventListener("input", () => this.edited(name, row));
      input.addEventListener("focus", () => this.focus(name));
      input.addEventListener("blur", () => this.focus(null));
      this.inputs.set(name, input);
      this.els.fields.append(row);
    }
  }

  edited(name, row) {
    const corrected = this.isCorrected(name);
    row.classList.toggle("corrected", corrected);
    let badge = row.querySelector(".badge.corrected");
    if (corrected && !badge) {
      badge = el("span", { class: "badge corrected", text: "corrected" });
      row.querySelector(".confidence").append(" ", badge);
    } else if (!corrected && badge) {
      badge.previousSibling?.remove();
      badge.remove();
    }
    if (NIK_ROWS.some(([, , field]) => field === name)) this.showNik();
  }

  focus(name) {
    this.focused = name;
    this.drawCard();
  }

  showWarnings(warnings) {
    const list = this.els.warnings;
    if (warnings.length === 0) {
      list.append(el("li", { class: "none", text: "No warnings." }));
      return;
    }
    for (const w of warnings) {
      const li = el("li", { "data-code": w.code });
      if (w.field) li.append(el("strong", { text: `${label(w.field)}: ` }));
      li.append(w.message, " ", el("span", { class: "code", text: w.code }));
      list.append(li);
    }
  }

  // The NIK's decoding beside the printed values as they stand now (edits included).
  showNik() {
    const body = this.els.nikTable.tBodies[0];
    body.replaceChildren();
    const check = this.reading?.nik_check;
    if (!check) {
      this.els.nikChecks.textContent = "No NIK was read.";
      return;
    }
    for (const [key, title, field] of NIK_ROWS) {
      const fromNik = check[key] ?? "";
      const printed = this.value(field);
      const agree = fromNik && printed ? same(fromNik, printed) : null;
      const verdict = el("td", {
        class: agree === null ? "" : agree ? "same" : "differs",
        text: agree === null ? "–" : agree ? "same" : "differs",
      });
      body.append(
        el("tr", { "data-nik": key },
          el("th", { scope: "row", text: title }),
          el("td", { text: fromNik || "–" }),
          el("td", { text: printed || "–" }),
          verdict),
      );
    }
    const failed = (check.checks ?? []).filter((c) => !c.passed).map((c) => c.check);
    this.els.nikChecks.textContent = check.valid
      ? "The NIK passes every structure check."
      : `The NIK fails: ${failed.join(", ") || "a structure check"}.`;
  }

  showQuality(q) {
    if (!q) return;
    this.els.quality.textContent =
      `Capture: card ${Math.round(q.card_width_px)} px wide, sharpness ${q.sharpness.toFixed(2)}, ` +
      `glare ${(100 * q.glare).toFixed(1)}% of the card${q.incomplete ? ", partly outside the picture" : ""}.`;
  }

  value(name) {
    return this.inputs.get(name)?.value ?? this.reading?.fields[name]?.value ?? "";
  }

  isCorrected(name) {
    const read = this.reading?.fields[name]?.value ?? "";
    return this.inputs.has(name) && this.value(name) !== read;
  }

  // Every field as it stands: current value, whether the operator changed it, and what the
  // engine read with its confidence.
  fieldsNow() {
    const out = {};
    for (const [name, field] of Object.entries(this.reading?.fields ?? {})) {
      out[name] = {
        value: this.value(name),
        corrected_by_operator: this.isCorrected(name),
        read_value: field.value,
        read_confidence: field.confidence,
      };
    }
    return out;
  }

  // Forget the reading and blank everything that showed it.
  clear() {
    const { canvas, photo, fields, warnings, nikTable, nikChecks, quality } = this.els;
    canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
    canvas.width = 0;
    canvas.height = 0;
    photo.removeAttribute("src");
    for (const input of this.inputs.values()) input.value = "";
    fields.replaceChildren();
    warnings.replaceChildren();
    nikTable.tBodies[0].replaceChildren();
    nikChecks.textContent = "";
    quality.textContent = "";
    this.inputs = new Map();
    this.reading = null;
    this.cardImage = null;
    this.focused = null;
  }
}
