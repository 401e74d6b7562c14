import { useApp } from '../store';
import { EXAMPLE_CONFIG } from '../example-config';

export function ConfigPanel() {
  const xml = useApp((s) => s.configXml);
  const config = useApp((s) => s.config);
  const error = useApp((s) => s.configError);
  const editConfig = useApp((s) => s.editConfig);
  const running = useApp((s) => s.runStatus === 'running' || s.runStatus === 'paused');

  return (
    <section className="panel" aria-labelledby="config-title">
      <h2 id="config-title">Labeling config</h2>
      <label htmlFor="config-text">Label Studio labeling config (XML)</label>
      <textarea
        id="config-text"
        data-testid="config-text"
        rows={8}
        spellCheck={false}
        value={xml}
        readOnly={running}
        placeholder="<View>…</View>"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'config-error' : undefined}
        onChange={(e) => editConfig(e.currentTarget.value)}
      />
      <div className="row">
        <button type="button" disabled={running} onClick={() => editConfig(EXAMPLE_CONFIG)}>
          Use an example (boxes for person, car, cat, dog, cup)
        </button>
      </div>
      {error && (
        <p className="error" id="config-error" role="alert" data-testid="config-error">
          {error.message}
        </p>
      )}
      {config && (
        <p className="muted" data-testid="config-summary">
          Objects: {config.objects.map((o) => `${o.tag} "${o.name}"`).join(', ') || 'none'} ·
          Controls: {config.controls.map((c) => `${c.tag} "${c.name}"`).join(', ') || 'none'}
        </p>
      )}
      {config && config.warnings.length > 0 && (
        <ul className="notes">
          {config.warnings.map((w, i) => (
            <li key={i}>
              {w.pos ? `line ${w.pos.line}: ` : ''}
              {w.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
