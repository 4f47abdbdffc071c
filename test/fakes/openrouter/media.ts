/** Tiny real media files made in code: WAV / raw PCM / MPEG audio frames for speech, an MP4 for video. */

/** 16-bit mono PCM samples of a quiet sine tone. */
export function pcmTone(samples: number, rate = 24_000): Buffer {
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    out.writeInt16LE(Math.round(Math.sin((i / rate) * 2 * Math.PI * 440) * 3000), i * 2);
  return out;
}

/** A valid RIFF/WAVE file around PCM samples. */
export function wavFile(pcm: Buffer, rate = 24_000): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

/**
 * MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono) with silent payloads: a structurally
 * valid MP3 stream that decoders accept as silence.
 */
export function mp3Silence(frames = 20): Buffer {
  const frameLength = Math.floor((144 * 128_000) / 44_100); // 417 bytes, no padding
  const frame = Buffer.alloc(frameLength);
  frame.writeUInt8(0xff, 0);
  frame.writeUInt8(0xfb, 1); // MPEG-1, Layer III, no CRC
  frame.writeUInt8(0x90, 2); // 128 kbit/s, 44.1 kHz, no padding
  frame.writeUInt8(0xc4, 3); // mono
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'ascii');
  return Buffer.concat([head, body]);
}

/** A minimal ISO-BMFF (MP4) file: ftyp + moov(mvhd) + an mdat, enough for any "is it an mp4" check. */
export function mp4File(seed = 0): Buffer {
  const ftyp = box(
    'ftyp',
    Buffer.from('isom', 'ascii'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isomiso2mp41', 'ascii'),
  );
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale
  mvhd.writeUInt32BE(2000, 16); // duration: 2 s
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
  mvhd.writeUInt32BE(2, 96); // next track id
  const mdat = box('mdat', Buffer.alloc(256, seed % 256));
  return Buffer.concat([ftyp, box('moov', box('mvhd', mvhd)), mdat]);
}
