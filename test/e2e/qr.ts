import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Locator } from 'playwright-core';

/** White modules added around the screenshot: the quiet zone a scanner looks for. */
const QUIET = 16;

/**
 * What a QR code on the page says, read from its pixels as drawn (a screenshot of the element) by
 * an independent decoder, or null if none is found there.
 */
export async function readQr(qr: Locator): Promise<string | null> {
  const shot = PNG.sync.read(await qr.screenshot());
  const width = shot.width + 2 * QUIET;
  const height = shot.height + 2 * QUIET;
  const pixels = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < shot.height; y++) {
    const row = shot.data.subarray(y * shot.width * 4, (y + 1) * shot.width * 4);
    pixels.set(row, ((y + QUIET) * width + QUIET) * 4);
  }
  return jsQR(pixels, width, height)?.data ?? null;
}
