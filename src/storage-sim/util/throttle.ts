// A byte-rate limit for a stream (max_download_speed_kbps): a transform that delays chunks so the
// average rate stays under the limit, reading the limit on every chunk so a config change applies
// to transfers already running.
import { Transform, type TransformCallback } from 'node:stream';

export function throttle(bytesPerSecond: () => number): Transform {
  const started = Date.now();
  let sent = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      sent += chunk.length;
      const rate = bytesPerSecond();
      const due = Number.isFinite(rate) ? started + (sent / rate) * 1000 : 0;
      const wait = due - Date.now();
      if (wait > 0) setTimeout(() => callback(null, chunk), wait);
      else callback(null, chunk);
    },
  });
}
