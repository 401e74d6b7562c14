import { useRef } from 'react';
import type { BackendPreference, TextBuiltinInfo } from '../../engine/api';
import { offeredBuiltins } from '../builtins';
import { KNOWN_MODELS } from '../known-models';
import { useApp } from '../store';
import { BackendBadge } from './BackendBadge';

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function LoadingLine() {
  const loading = useApp((s) => s.modelLoading);
  if (!loading) return null;
  const text = {
    download: 'Downloading',
    cache: 'Reading from the browser cache',
    session: 'Creating the inference session',
    warmup: 'Running the model once',
  }[loading.phase];
  const known = loading.total !== undefined && loading.loaded !== undefined;
  return (
    <div role="status" data-testid="model-progress">
      <span>
        {text}
        {loading.file ? ` ${loading.file}` : ''}
        {loading.loaded !== undefined
          ? ` ${formatBytes(loading.loaded)}${loading.total ? ` of ${formatBytes(loading.total)}` : ''}`
          : '…'}
      </span>
      <progress
        aria-label="Model loading"
        {...(known ? { value: loading.loaded, max: loading.total } : {})}
      />
    </div>
  );
}

interface BuiltinRow {
  id: string;
  name: string;
  task: string;
  license: string;
  source: string;
}

/** The built-in models of one kind as a table with a Use button each (`testId`: its test ids' stem). */
function BuiltinTable(props: {
  rows: readonly BuiltinRow[];
  caption: string;
  testId: string;
  busy: boolean;
  onUse(id: string): void;
}) {
  const loaded = useApp((s) => s.model?.id);
  const { rows, caption, testId, busy, onUse } = props;
  return (
    <div className="table-wrap">
      <table data-testid={`${testId}-models`}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Task</th>
            <th scope="col">Licence</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id} data-testid={`${testId}-model`} data-id={m.id}>
              <th scope="row" title={m.source}>
                {m.name} <code className="muted">{m.id}</code>
              </th>
              <td>{m.task}</td>
              <td>{m.license}</td>
              <td>
                <button
                  type="button"
                  data-testid={`${testId}-load-${m.id}`}
                  disabled={busy}
                  onClick={() => onUse(m.id)}
                >
                  {loaded === m.id ? 'Reload' : 'Use'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BuiltinList({ busy }: { busy: boolean }) {
  const all = useApp((s) => s.builtins);
  const config = useApp((s) => s.config);
  const loadBuiltin = useApp((s) => s.loadBuiltin);
  if (all === null) return null;
  // The VAD only for a config with <Labels> on audio.
  const builtins = offeredBuiltins(all, config);
  if (all.length === 0) {
    return <p className="muted">No built-in models in this build (run npm install first).</p>;
  }
  return (
    <BuiltinTable
      rows={builtins}
      caption="Built-in models (served with this page)"
      testId="builtin"
      busy={busy}
      onUse={(id) => void loadBuiltin(id)}
    />
  );
}

const TEXT_OBJECTS = new Set(['Text', 'HyperText', 'Paragraphs']);
/** One empty list: a selector returning a new [] each time re-renders forever. */
const NONE: readonly TextBuiltinInfo[] = [];

/** Built-in text models (no download), offered when the config has text to read. */
function TextBuiltinList({ busy }: { busy: boolean }) {
  const builtins = useApp((s) => s.env?.textBuiltins ?? NONE);
  const hasText = useApp((s) => s.config?.objects.some((o) => TEXT_OBJECTS.has(o.tag)) ?? false);
  const loadTextBuiltin = useApp((s) => s.loadTextBuiltin);
  if (!hasText || builtins.length === 0) return null;
  return (
    <BuiltinTable
      rows={builtins}
      caption="Built-in text models (no download)"
      testId="text-builtin"
      busy={busy}
      onUse={(id) => void loadTextBuiltin(id)}
    />
  );
}

function KnownModels({ busy }: { busy: boolean }) {
  const loadKnownModel = useApp((s) => s.loadKnownModel);
  return (
    <details data-testid="known-models">
      <summary>Well-known public detectors (one-click download)</summary>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Input</th>
              <th scope="col">Size</th>
              <th scope="col">Licence</th>
              <th scope="col">Source</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {KNOWN_MODELS.map((m) => (
              <tr key={m.id} data-testid="known-model" data-id={m.id}>
                <th scope="row">
                  {m.name} <span className="muted">({m.classes})</span>
                </th>
                <td>{m.input}</td>
                <td>≈{m.sizeMB} MB</td>
                <td>{m.license}</td>
                <td>
                  <a href={m.source} target="_blank" rel="noreferrer">
                    release
                  </a>{' '}
                  ·{' '}
                  <a href={m.url} rel="noreferrer">
                    file
                  </a>
                </td>
                <td>
                  <button
                    type="button"
                    data-testid={`known-load-${m.id}`}
                    disabled={busy}
                    onClick={() => void loadKnownModel(m.id)}
                  >
                    Download and use
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        Downloads are kept in the browser cache. If a host refuses cross-origin downloads, save the
        file with the "file" link and drop it here.
      </p>
    </details>
  );
}

export function ModelPanel() {
  const env = useApp((s) => s.env);
  const model = useApp((s) => s.model);
  const error = useApp((s) => s.modelError);
  const source = useApp((s) => s.modelSource);
  const labelsFile = useApp((s) => s.labelsFile);
  const familyId = useApp((s) => s.familyId);
  const backend = useApp((s) => s.backend);
  const url = useApp((s) => s.modelUrl);
  const busy = useApp(
    (s) => s.modelLoading !== null || s.runStatus === 'running' || s.runStatus === 'paused',
  );
  const actions = useApp.getState();
  const modelInput = useRef<HTMLInputElement>(null);
  const labelsInput = useRef<HTMLInputElement>(null);

  return (
    <section className="panel" aria-labelledby="model-title">
      <h2 id="model-title">2. Model</h2>
      <TextBuiltinList busy={busy} />
      <BuiltinList busy={busy} />
      <KnownModels busy={busy} />
      <div className="row">
        <button type="button" onClick={() => modelInput.current?.click()} disabled={busy}>
          Choose an .onnx model or head .json…
        </button>
        <input
          ref={modelInput}
          type="file"
          accept=".onnx,.json"
          hidden
          data-testid="model-input"
          aria-label="Choose an ONNX model or a head file"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            // A .json chosen here is a head file (prelabel train, Online learning), not tasks.
            if (file?.name.toLowerCase().endsWith('.json')) void actions.loadHeadFile(file);
            else if (file) void actions.addFiles([{ file, path: file.name }]);
          }}
        />
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void actions.loadModelFromUrl();
        }}
      >
        <label htmlFor="model-url">or a model URL</label>
        <input
          id="model-url"
          type="url"
          data-testid="model-url"
          placeholder="https://…/model.onnx"
          value={url}
          onChange={(e) => actions.setModelUrl(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy || url.trim() === ''}>
          Load
        </button>
      </form>
      <LoadingLine />
      {error && (
        <p className="error" role="alert" data-testid="model-error">
          {error}
        </p>
      )}
      {model && (
        <dl className="facts" data-testid="model-status" data-loaded="true">
          <dt>Model</dt>
          <dd>
            {model.fileName}
            {model.sizeBytes > 0 &&
              ` (${formatBytes(model.sizeBytes)}${model.fromCache ? ', from cache' : ''})`}
          </dd>
          <dt>Family</dt>
          <dd data-testid="model-family-fact">
            {model.backbone
              ? `image head on ${model.backbone.name}`
              : `${model.familyName} · ${model.task}`}
          </dd>
          {model.license && (
            <>
              <dt>Licence</dt>
              <dd>{model.license}</dd>
            </>
          )}
          <dt>Classes</dt>
          <dd>
            {model.classNames.length}
            {model.classNamesSource === 'guessed' && (
              <span className="warn"> (names guessed: add a labels file for your classes)</span>
            )}
            {model.classNamesSource === 'labels-file' && labelsFile
              ? ` from ${labelsFile.name}`
              : ''}
          </dd>
          {model.inputWidth > 0 && (
            <>
              <dt>Input</dt>
              <dd>
                {model.inputWidth}×{model.inputHeight}
              </dd>
            </>
          )}
          <dt>SHA-256</dt>
          <dd>
            <code title={model.bytesHash}>{model.bytesHash.slice(0, 16)}…</code>
          </dd>
        </dl>
      )}
      {!model && !error && !source && <p className="muted">No model yet.</p>}
      {model?.backend.notice && (
        <p className="warn" role="status" data-testid="backend-notice">
          {model.backend.notice}
        </p>
      )}
      <details>
        <summary>Model options</summary>
        <div className="grid-form">
          <label htmlFor="model-family">Family</label>
          <select
            id="model-family"
            value={familyId}
            disabled={busy}
            onChange={(e) => void actions.setFamily(e.currentTarget.value)}
          >
            <option value="">Detect automatically</option>
            {env?.families.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
          <span>Class names</span>
          <span className="row">
            <button type="button" disabled={busy} onClick={() => labelsInput.current?.click()}>
              {labelsFile ? `Replace ${labelsFile.name}` : 'Choose a labels file…'}
            </button>
            {labelsFile && (
              <button
                type="button"
                disabled={busy}
                onClick={() => void actions.setLabelsFile(null)}
              >
                Remove
              </button>
            )}
            <input
              ref={labelsInput}
              type="file"
              accept=".txt,.json,.names"
              hidden
              data-testid="labels-input"
              aria-label="Choose a labels file"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (file) void actions.setLabelsFile(file);
              }}
            />
          </span>
          <label htmlFor="model-backend">Backend</label>
          <select
            id="model-backend"
            data-testid="backend-select"
            value={backend}
            disabled={busy}
            onChange={(e) => void actions.setBackend(e.currentTarget.value as BackendPreference)}
          >
            <option value="auto">Automatic (WebGPU on a real GPU, else WASM)</option>
            <option value="wasm">WASM (CPU)</option>
            <option value="webgpu">WebGPU (force)</option>
          </select>
        </div>
        {env && (
          <p className="muted">
            WebGPU: {env.webgpu.status}
            {env.webgpu.adapter ? ` (${env.webgpu.adapter})` : ''} · {env.hardwareConcurrency} CPU
            threads ·{' '}
            {env.crossOriginIsolated ? 'cross-origin isolated' : 'not isolated (1 WASM thread)'}
          </p>
        )}
      </details>
      <p>
        Runs on: <BackendBadge />
      </p>
    </section>
  );
}
