import { useEffect, useRef, useState } from 'react';
import { createQrDecoder } from '../qr-decoder.js';

const FRAME_INTERVAL_MS = 200;
/**
 * zxing misses some codes in one orientation and reads them in another (about one in ten of the
 * customer app's codes, upright): each frame is read a quarter turn on from the last, half-turn first.
 */
const QUARTER_TURNS = [0, 2, 1, 3] as const;

function drawTurned(video: HTMLVideoElement, canvas: HTMLCanvasElement, quarterTurns: number): void {
  const { videoWidth: width, videoHeight: height } = video;
  const sideways = quarterTurns % 2 === 1;
  // Setting the size also resets the canvas's transform.
  canvas.width = sideways ? height : width;
  canvas.height = sideways ? width : height;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.translate(canvas.width / 2, canvas.height / 2);
  context.rotate((quarterTurns * Math.PI) / 2);
  context.drawImage(video, -width / 2, -height / 2);
}

type CameraState = { state: 'starting' } | { state: 'scanning' } | { state: 'failed'; message: string };

function cameraProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return 'The camera is not allowed on this device. Type the card number instead, or allow the camera in the browser settings.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'This device has no camera. Type the card number instead.';
  return 'The camera could not be started. Type the card number instead.';
}

/**
 * The device camera, read a few times a second until a QR code shows; the camera is switched off as
 * soon as one is read, and when this component goes away (closed, or the cashier leaves the screen).
 */
export function QrScanner({ onScan, onClose }: { onScan: (payload: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<CameraState>({ state: 'starting' });
  const scanned = useRef(onScan);
  scanned.current = onScan;

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
    const start = async () => {
      if (!navigator.mediaDevices?.getUserMedia) throw new DOMException('no camera API', 'NotFoundError');
      const [opened, decode] = await Promise.all([
        navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }),
        createQrDecoder(),
      ]);
      stream = opened;
      const element = video.current;
      if (stopped || !element) return stop();
      element.srcObject = opened;
      await element.play();
      setCamera({ state: 'scanning' });
      const frame = document.createElement('canvas');
      let frames = 0;
      const look = async () => {
        if (stopped) return;
        if (element.videoWidth > 0) {
          drawTurned(element, frame, QUARTER_TURNS[frames++ % QUARTER_TURNS.length] ?? 0);
          const payload = await decode(frame);
          if (payload && !stopped) {
            stop();
            scanned.current(payload);
            return;
          }
        }
        timer = setTimeout(look, FRAME_INTERVAL_MS);
      };
      await look();
    };
    start().catch((error: unknown) => {
      stop();
      setCamera({ state: 'failed', message: cameraProblem(error) });
    });
    return stop;
  }, []);

  return (
    <section aria-labelledby="scan-title" className="scanner">
      <h2 id="scan-title">Scan the customer’s QR code</h2>
      {camera.state === 'failed' ? (
        <p role="alert" className="error">
          {camera.message}
        </p>
      ) : (
        <>
          <p className="muted" role="status">
            {camera.state === 'starting' ? 'Starting the camera…' : 'Hold the QR code in front of the camera.'}
          </p>
          <video ref={video} muted playsInline aria-label="Camera view" />
        </>
      )}
      <button type="button" className="secondary" onClick={onClose}>
        {camera.state === 'failed' ? 'Close' : 'Stop scanning'}
      </button>
    </section>
  );
}
