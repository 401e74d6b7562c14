// A 16-bit PCM WAV header and sample packing: enough to write test signals and
// to stream a synthetic hour-long file (bench) without holding it in memory.

/** The 44-byte RIFF/WAVE header of `frames` 16-bit frames of `channels` channels. */
export function wavPcm16Header(frames: number, sampleRate: number, channels: number): Uint8Array {
  const dataBytes = frames * channels * 2;
  const header = new DataView(new ArrayBuffer(44));
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) header.setUint8(at + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  header.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  header.setUint32(16, 16, true);
  header.setUint16(20, 1, true); // PCM
  header.setUint16(22, channels, true);
  header.setUint32(24, sampleRate, true);
  header.setUint32(28, sampleRate * channels * 2, true);
  header.setUint16(32, channels * 2, true);
  header.setUint16(34, 16, true);
  ascii(36, 'data');
  header.setUint32(40, dataBytes, true);
  return new Uint8Array(header.buffer);
}

/** Interleaves channels into 16-bit little-endian samples (clipped to [-1, 1]). */
export function packPcm16(channels: readonly Float32Array[]): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  const view = new DataView(new ArrayBuffer(frames * channels.length * 2));
  let at = 0;
  for (let i = 0; i < frames; i++) {
    for (const channel of channels) {
      const v = Math.max(-1, Math.min(1, channel[i] ?? 0));
      view.setInt16(at, Math.round(v * 32767), true);
      at += 2;
    }
  }
  return new Uint8Array(view.buffer);
}

/** A whole WAV file from channels of float samples. */
export function encodeWavPcm16(channels: readonly Float32Array[], sampleRate: number): Uint8Array {
  const data = packPcm16(channels);
  const header = wavPcm16Header(channels[0]?.length ?? 0, sampleRate, channels.length);
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}
