// Browser decoding to 16 kHz mono with Web Audio, on the PAGE: decodeAudioData
// on an OfflineAudioContext at 16 kHz resamples while decoding (Chromium's
// sinc resampler), then rendering through a one-channel context down-mixes as
// Web Audio's "speakers" rule does (stereo: 0.5·(L+R)).
//
// Why the page: Chromium exposes neither AudioContext nor OfflineAudioContext
// in workers (e2e/audio-decode.spec.ts checks it). WebCodecs' AudioDecoder
// does exist in workers but takes codec frames, not files: it would need a
// demuxer per container (and WAV is not a codec). So the worker decodes with
// the WASM decoders of `audio-decode` (src/core/audio/decode-stream.ts), which
// also stream an hour-long file in bounded memory, while this page path covers
// short files in formats only the browser knows. The two agree within the
// tolerance e2e/audio-decode.spec.ts measures.
//
// Self-contained on purpose (no imports, no outer names): the e2e runs this
// very function in the page with page.evaluate.

/** Decodes `bytes` (any format the browser plays) to mono samples at `sampleRate`. */
export async function decodeAudioWithWebAudio(
  bytes: ArrayBuffer,
  sampleRate = 16000,
): Promise<Float32Array> {
  // decodeAudioData resamples to the context's rate; the context's length is irrelevant here.
  const decoder = new OfflineAudioContext(1, 1, sampleRate);
  const decoded = await decoder.decodeAudioData(bytes.slice(0));
  if (decoded.numberOfChannels === 1) return decoded.getChannelData(0).slice();
  const mixer = new OfflineAudioContext(1, decoded.length, sampleRate);
  const source = mixer.createBufferSource();
  source.buffer = decoded;
  source.connect(mixer.destination);
  source.start();
  const rendered = await mixer.startRendering();
  return rendered.getChannelData(0).slice();
}
