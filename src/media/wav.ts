/**
 * 16-bit mono PCM ↔ WAV without ffmpeg (speech answers in `pcm` are joined and wrapped here).
 *   wavHeader(pcmBytes, sampleRate) → the 44-byte RIFF/WAVE header
 *   pcmOf(bytes) → the PCM samples: the `data` chunk of a WAV, or the bytes themselves if raw
 */

export function wavHeader(pcmBytes: number, sampleRate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcmBytes, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcmBytes, 40);
  return header;
}

/** Some providers answer `pcm` with a WAV; take its data chunk (raw PCM passes unchanged). */
export function pcmOf(bytes: Buffer): Buffer {
  if (
    bytes.length < 12 ||
    bytes.toString('ascii', 0, 4) !== 'RIFF' ||
    bytes.toString('ascii', 8, 12) !== 'WAVE'
  )
    return bytes;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = bytes.toString('ascii', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === 'data') return bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + size));
    at += 8 + size + (size % 2);
  }
  return bytes.subarray(bytes.length);
}
