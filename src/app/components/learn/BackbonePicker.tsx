// Image heads learn on a backbone: the user's ImageNet-style classifier ONNX
// (e.g. MobileNetV2), cut in the worker to its pooled features. This picks the
// file (or takes the loaded classifier's) and shows what the worker found in it.
import { useApp } from '../../store';

export function BackbonePicker() {
  const backbone = useApp((s) => s.learn.backbone);
  const busy = useApp((s) => s.learn.busy);
  // A dropped ImageNet classifier loaded as the model can be the backbone too.
  const loaded = useApp((s) =>
    s.modelSource?.kind === 'file' && s.model?.familyId === 'classification'
      ? s.modelSource.file
      : null,
  );
  const { learnSetBackbone } = useApp.getState();
  return (
    <div className="row" data-testid="learn-backbone">
      <label className="file-button">
        {busy === 'backbone' ? 'Opening backbone…' : backbone ? 'Change backbone' : 'Backbone ONNX'}{' '}
        <input
          type="file"
          accept=".onnx"
          data-testid="learn-backbone-file"
          disabled={busy !== null}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void learnSetBackbone(file);
          }}
        />
      </label>
      {loaded && backbone?.name !== loaded.name && (
        <button
          type="button"
          data-testid="learn-backbone-loaded"
          disabled={busy !== null}
          onClick={() => void learnSetBackbone(loaded)}
        >
          Use {loaded.name} (the loaded model)
        </button>
      )}
      {backbone ? (
        <span className="muted" data-testid="learn-backbone-info">
          {backbone.name}: features from {backbone.output} ({backbone.producer}
          {backbone.dequantized ? ', dequantized' : ''}), SHA-256 {backbone.sha256.slice(0, 12)}…
          {backbone.kept ? '; kept for after a reload' : ''}
          {backbone.notKept ? (
            <span role="status" data-testid="learn-backbone-not-kept">
              {' '}
              ({backbone.notKept})
            </span>
          ) : null}
        </span>
      ) : (
        <span className="muted">
          An ImageNet-style classifier (.onnx), the one `prelabel train --backbone` takes.
        </span>
      )}
    </div>
  );
}
