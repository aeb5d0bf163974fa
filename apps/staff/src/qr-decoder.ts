/** Reads a QR code off one video frame drawn on a canvas: the text it holds, or undefined when there is none. */
export type QrDecoder = (frame: HTMLCanvasElement) => Promise<string | undefined>;

/** The Shape Detection API; TypeScript's DOM types do not have it yet. */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/**
 * The browser's own BarcodeDetector where it reads QR codes, else zxing. zxing is loaded only here, on
 * the first scan, so it stays out of the initial bundle.
 */
export async function createQrDecoder(): Promise<QrDecoder> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (Detector && (await Detector.getSupportedFormats()).includes('qr_code')) {
    const detector = new Detector({ formats: ['qr_code'] });
    return async (frame) => (await detector.detect(frame))[0]?.rawValue;
  }
  const { BrowserQRCodeReader } = await import('@zxing/browser');
  const reader = new BrowserQRCodeReader();
  return async (frame) => {
    try {
      return reader.decodeFromCanvas(frame).getText();
    } catch {
      // zxing throws when a frame holds no readable code, which is most frames.
      return undefined;
    }
  };
}
