// The camera: its picture with the card guide over it, the capture checks a few times a
// second, and the shot at the camera's full resolution. Frames are measured and dropped;
// only the shot the operator takes is kept, until it is sent.

import { assess, guideRect, measureFrame } from "./quality.js";

// Often enough to follow a hand, rarely enough to leave the CPU to the server beside it.
const CHECK_INTERVAL_MS = 300;
// A resolution at which a card filling the guide is well over the engine's 600 px.
const CONSTRAINTS = {
  audio: false,
  video: {
    facingMode: { ideal: "environment" },
    width: { ideal: 1920 },
    height: { ideal: 1080 },
  },
};
// The shot as sent: JPEG at a quality that keeps 6 pt text crisp and the file well under
// the server's 5 MB.
const SHOT_TYPE = "image/jpeg";
const SHOT_QUALITY = 0.92;

export class Camera {
  // `viewfinder` holds `video` and `guide`; `onChecks(assessment)` gets each frame's checks.
  constructor({ viewfinder, video, guide, onChecks }) {
    this.viewfinder = viewfinder;
    this.video = video;
    this.guide = guide;
    this.onChecks = onChecks;
    this.stream = null;
    this.timer = null;
    this.scratch = document.createElement("canvas");
  }

  get running() {
    return this.stream !== null;
  }

  // Ask for the camera and start checking frames. Throws what getUserMedia throws.
  async start() {
    if (this.running) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new Error(
        "this browser gives no camera here (the camera needs the page on localhost or HTTPS)",
      );
    }
    this.stream = await navigator.mediaDevices.getUserMedia(CONSTRAINTS);
    this.video.srcObject = this.stream;
    await this.video.play();
    this.placeGuide();
    this.viewfinder.classList.add("live");
    this.tick();
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.stream) {
      for (const track of this.stream.getTracks()) track.stop();
    }
    this.stream = null;
    this.video.srcObject = null;
    this.viewfinder.classList.remove("live", "ready");
  }

  // The viewfinder takes the camera's shape, and the guide the place quality.js measures.
  placeGuide() {
    const { videoWidth: w, videoHeight: h } = this.video;
    if (!w || !h) return;
    this.viewfinder.style.setProperty("--aspect", String(w / h));
    const g = guideRect(w, h);
    this.guide.style.left = `${(100 * g.x) / w}%`;
    this.guide.style.top = `${(100 * g.y) / h}%`;
    this.guide.style.width = `${(100 * g.w) / w}%`;
    this.guide.style.height = `${(100 * g.h) / h}%`;
  }

  tick() {
    if (!this.running) return;
    const { videoWidth: w, videoHeight: h } = this.video;
    if (w && h && this.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
      this.placeGuide();
      const assessment = assess(measureFrame(this.video, w, h, this.scratch));
      this.viewfinder.classList.toggle("ready", assessment.ready);
      this.onChecks(assessment);
    }
    this.timer = setTimeout(() => this.tick(), CHECK_INTERVAL_MS);
  }

  // The current frame as a JPEG Blob at the camera's resolution.
  async shoot() {
    const { videoWidth: w, videoHeight: h } = this.video;
    if (!this.running || !w || !h) throw new Error("the camera is not running");
    const canvas = document.createElement("canvas");
    canvas.width = w;
    canvas.height = h;
    canvas.getContext("2d").drawImage(this.video, 0, 0, w, h);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, SHOT_TYPE, SHOT_QUALITY));
    canvas.width = 0;
    if (!blob) throw new Error("the picture could not be encoded");
    return blob;
  }
}
