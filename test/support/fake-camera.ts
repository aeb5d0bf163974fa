import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';

const WIDTH = 640;
const HEIGHT = 480;
/** The white border a QR reader needs around the code, in modules. */
const QUIET_ZONE = 4;

/**
 * A one-frame Y4M video of `payload` as a QR code, black on white with a quiet zone, big modules:
 * Chromium's `--use-file-for-fake-video-capture` plays it, looped, as the camera.
 */
export async function writeQrVideo(payload: string, path: string): Promise<void> {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const side = modules.size + 2 * QUIET_ZONE;
  const pixelsPerModule = Math.floor(Math.min(WIDTH, HEIGHT) / side);
  const left = Math.floor((WIDTH - side * pixelsPerModule) / 2) + QUIET_ZONE * pixelsPerModule;
  const top = Math.floor((HEIGHT - side * pixelsPerModule) / 2) + QUIET_ZONE * pixelsPerModule;
  const luma = Buffer.alloc(WIDTH * HEIGHT, 255);
  for (let row = 0; row < modules.size; row++)
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      for (let y = 0; y < pixelsPerModule; y++) {
        const start = (top + row * pixelsPerModule + y) * WIDTH + left + column * pixelsPerModule;
        luma.fill(0, start, start + pixelsPerModule);
      }
    }
  // No colour: both chroma planes (a quarter of the pixels each in 4:2:0) sit at the neutral 128.
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F25:1 Ip A1:1 C420jpeg\nFRAME\n`);
  await writeFile(path, Buffer.concat([header, luma, chroma]));
}
