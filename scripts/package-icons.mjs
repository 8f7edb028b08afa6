// Renders resources/icons/icon.svg to the PNG sizes the installers need and packs the Windows .ico.
// The outputs are committed; run this (needs Debian's librsvg2-bin for rsvg-convert) only after
// changing the drawing.
//   resources/icons/<n>x<n>.png   Linux (AppImage, deb: hicolor theme sizes) and the window icon
//   resources/icons/icon.png      1024 px, electron-builder's default source
//   resources/icons/icon.ico      Windows (NSIS installer, shortcuts, the .exe): 16…256 px
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../resources/icons/', import.meta.url));
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

function render(size, out) {
  const result = spawnSync('rsvg-convert', ['-w', String(size), '-h', String(size), '-o', out, 'icon.svg'], {
    cwd: dir,
    stdio: 'inherit',
  });
  if (result.error || result.status !== 0) {
    console.error('package-icons: rsvg-convert failed (apt-get install librsvg2-bin)');
    process.exit(1);
  }
}

/** RGBA rows of an 8-bit RGBA, non-interlaced PNG (what rsvg-convert writes). */
function decodePng(png) {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (png[24] !== 8 || png[25] !== 6 || png[28] !== 0) throw new Error('expected 8-bit RGBA PNG');
  const chunks = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const left = x >= 4 ? pixels[y * stride + x - 4] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4] : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, filter === 4 ? paeth() : 0][filter];
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

/** A classic 32-bit DIB icon entry (BGRA bottom-up plus the AND mask): every Windows tool reads it. */
function dib(png) {
  const { width, height, pixels } = decodePng(png);
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const color = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      const to = ((height - 1 - y) * width + x) * 4;
      color[to] = pixels[from + 2];
      color[to + 1] = pixels[from + 1];
      color[to + 2] = pixels[from];
      color[to + 3] = pixels[from + 3];
    }
  }
  const mask = Buffer.alloc(Math.ceil(width / 32) * 4 * height);
  return Buffer.concat([header, color, mask]);
}

/** An .ico: DIB entries below 256 px, a PNG entry at 256 px (as Windows' own icons do). */
function ico(entries) {
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach(({ size, png }, index) => {
    const at = 6 + 16 * index;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt8(0, at + 2);
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...entries.map((entry) => entry.png)]);
}

for (const size of PNG_SIZES) render(size, `${size}x${size}.png`);
render(1024, 'icon.png');
const entries = ICO_SIZES.map((size) => {
  const png = readFileSync(join(dir, `${size}x${size}.png`));
  return { size, png: size >= 256 ? png : dib(png) };
});
writeFileSync(join(dir, 'icon.ico'), ico(entries));
console.log(`package-icons: ${PNG_SIZES.length + 1} PNGs and icon.ico in resources/icons/`);
