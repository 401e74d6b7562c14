#!/usr/bin/env python3
"""Whisper log-mel features with numpy only: the independent reference that
src/models/audio-asr/log-mel.test.ts compares the TypeScript features with.

Written from openai/whisper audio.py (log_mel_spectrogram) and librosa's
slaney mel filters; it shares no code with the TypeScript version (numpy's
rfft instead of the Bluestein FFT, matrix products instead of loops).

Usage:
  python3 scripts/whisper-log-mel-reference.py --wav file.wav      # 16 kHz PCM16 mono
  python3 scripts/whisper-log-mel-reference.py --synthetic         # the test signal below
Writes float32 little-endian [80, 3000] to stdout.
  python3 scripts/whisper-log-mel-reference.py --synthetic --frames 110 --json
Writes the first 110 frames as the committed JSON reference.
"""
import argparse
import base64
import json
import sys
import wave

import numpy as np

SR, N_FFT, HOP, N_MELS, N_SAMPLES = 16000, 400, 160, 80, 480000


def synthetic():
    """1 s: a 440 Hz tone, a chirp 200→4000 Hz and a click train; float32."""
    t = np.arange(SR, dtype=np.float64) / SR
    x = 0.3 * np.sin(2 * np.pi * 440 * t)
    x += 0.2 * np.sin(2 * np.pi * (200 * t + (3800 / 2) * t * t))
    x[::1600] += 0.5
    return x.astype(np.float32)


def hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-12) / min_log_hz) / logstep, f / f_sp)


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filters():
    fftfreqs = np.linspace(0, SR / 2, 1 + N_FFT // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SR / 2), N_MELS + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fftfreqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    return weights * (2.0 / (mel_f[2 : N_MELS + 2] - mel_f[:N_MELS]))[:, None]


def log_mel(audio):
    audio = np.pad(audio.astype(np.float64)[:N_SAMPLES], (0, max(0, N_SAMPLES - len(audio))))
    padded = np.pad(audio, N_FFT // 2, mode="reflect")
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)
    n_frames = 1 + (len(padded) - N_FFT) // HOP
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n_frames)[:, None]
    stft = np.fft.rfft(padded[idx] * window, axis=1)
    power = (np.abs(stft) ** 2)[:-1]  # drop the last frame, as Whisper does
    mel = mel_filters() @ power.T
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec + 4.0) / 4.0).astype(np.float32)


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1 or w.getframerate() != SR:
            sys.exit(f"{path}: need 16 kHz mono 16-bit PCM")
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--wav")
    p.add_argument("--synthetic", action="store_true")
    p.add_argument("--frames", type=int, default=3000)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    audio = synthetic() if a.synthetic else read_wav(a.wav)
    feats = np.ascontiguousarray(log_mel(audio)[:, : a.frames])
    if a.json:
        json.dump(
            {
                "script": "scripts/whisper-log-mel-reference.py --synthetic --frames %d --json" % a.frames,
                "melBins": N_MELS,
                "frames": int(feats.shape[1]),
                "float32LittleEndianBase64": base64.b64encode(feats.astype("<f4").tobytes()).decode(),
            },
            sys.stdout,
        )
        sys.stdout.write("\n")
    else:
        sys.stdout.buffer.write(feats.astype("<f4").tobytes())


if __name__ == "__main__":
    main()
