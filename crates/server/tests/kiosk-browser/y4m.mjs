// A fake camera's video from a card picture: the picture on a dark table, as Y4M (the
// format Chromium's --use-file-for-fake-video-capture reads and loops), a few frames of
// the same picture.

// The picture takes this share of the frame's width, so the card sits inside the kiosk's
// guide (80% of the frame) with a margin of table around it.
const PICTURE_SHARE = 0.8;
// A dark table, so the card's light-blue ground stands out as it does on a counter.
const TABLE_RGB = [58, 52, 48];
const FRAMES = 3;

// BT.601 full-range, as the "C420jpeg" colour space says.
function yuv(r, g, b) {
  return [
    0.299 * r + 0.587 * g + 0.114 * b,
    128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
    128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
  ];
}

const even = (n) => 2 * Math.ceil(n / 2);

// Y4M bytes of a video showing `picture` ({width, height, data}: RGBA pixels, as a
// canvas's ImageData) centred on the table, and the frame's size.
export function cardVideo(picture) {
  const width = even(picture.width / PICTURE_SHARE);
  const height = even(Math.max(picture.height / PICTURE_SHARE, (width * 9) / 16));
  const x0 = Math.floor((width - picture.width) / 2);
  const y0 = Math.floor((height - picture.height) / 2);
  const rgb = (x, y) => {
    const px = x - x0;
    const py = y - y0;
    if (px < 0 || py < 0 || px >= picture.width || py >= picture.height) return TABLE_RGB;
    const i = (py * picture.width + px) * 4;
    return [picture.data[i], picture.data[i + 1], picture.data[i + 2]];
  };
  const ySize = width * height;
  const cSize = (width / 2) * (height / 2);
  const frame = Buffer.alloc(ySize + 2 * cSize);
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      let u = 0;
      let v = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
        const [Y, U, V] = yuv(...rgb(x + dx, y + dy));
        frame[(y + dy) * width + x + dx] = Math.round(Y);
        u += U;
        v += V;
      }
      const c = (y / 2) * (width / 2) + x / 2;
      frame[ySize + c] = Math.round(u / 4);
      frame[ySize + cSize + c] = Math.round(v / 4);
    }
  }
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  const marker = Buffer.from("FRAME\n");
  const parts = [header];
  for (let i = 0; i < FRAMES; i++) parts.push(marker, frame);
  return { video: Buffer.concat(parts), width, height };
}
