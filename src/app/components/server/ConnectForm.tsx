import { LsErrorNote } from './LsErrorNote';
import { lsActions, useLs } from './use-ls';

const TOKEN_KINDS = {
  legacy: 'legacy token',
  'personal-access-token': 'personal access token',
  'jwt-access': 'access token (expires in minutes)',
} as const;

/** Address + token → "Connect"; then who and what we are connected to. */
export function ConnectForm() {
  const url = useLs((s) => s.ls.url);
  const token = useLs((s) => s.ls.token);
  const remember = useLs((s) => s.ls.remember);
  const saved = useLs((s) => s.ls.saved);
  const connecting = useLs((s) => s.ls.connecting);
  const connection = useLs((s) => s.ls.connection);
  const error = useLs((s) => s.ls.connectError);
  // Reconnecting replaces the client: not while it loads or pushes.
  const busy = useLs((s) => s.ls.loading !== null || s.ls.pushing !== null);
  const { lsSet, lsConnect, lsDisconnect, lsForget } = lsActions();
  const savedHere = saved.some((c) => c.url === url.trim() || c.server === connection?.server);
  // Why "Test connection" cannot be pressed now, said next to it.
  const why = connecting
    ? null
    : busy
      ? 'Wait for the project load or push to finish.'
      : url.trim() === ''
        ? 'Enter the Label Studio address first.'
        : token.trim() === '' && !savedHere
          ? 'Paste your token first (Account & Settings → Access Token).'
          : null;

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void lsConnect();
      }}
    >
      <div className="grid-form">
        <label htmlFor="ls-url">Label Studio address</label>
        <input
          id="ls-url"
          type="url"
          data-testid="ls-url"
          placeholder="http://localhost:8080"
          autoComplete="url"
          value={url}
          onChange={(e) => lsSet({ url: e.target.value })}
        />
        <label htmlFor="ls-token">Token</label>
        <input
          id="ls-token"
          type="password"
          data-testid="ls-token"
          autoComplete="off"
          spellCheck={false}
          placeholder={savedHere ? 'saved on this device' : 'Account & Settings → Access Token'}
          value={token}
          onChange={(e) => lsSet({ token: e.target.value })}
        />
      </div>
      <div className="row">
        <label>
          <input
            type="checkbox"
            data-testid="ls-remember"
            checked={remember}
            onChange={(e) => lsSet({ remember: e.target.checked })}
          />{' '}
          Remember on this device
        </label>
        <button
          type="submit"
          className="primary"
          data-testid="ls-connect"
          disabled={connecting || why !== null}
          title={why ?? undefined}
          aria-describedby={why ? 'ls-connect-why' : undefined}
        >
          {connecting ? 'Connecting…' : connection ? 'Reconnect' : 'Test connection'}
        </button>
        {connection && (
          <button
            type="button"
            data-testid="ls-disconnect"
            disabled={busy}
            onClick={() => void lsDisconnect()}
          >
            Disconnect
          </button>
        )}
        {savedHere && (
          <button
            type="button"
            className="link"
            data-testid="ls-forget"
            onClick={() => void lsForget()}
          >
            Forget the saved token
          </button>
        )}
      </div>
      {why && (
        <p className="muted" id="ls-connect-why" data-testid="ls-connect-why">
          {why}
        </p>
      )}
      <p className="muted">
        The token stays in this tab&apos;s memory
        {remember ? ' and is saved in this browser (IndexedDB) for next time' : ' only'}; it is sent
        to that Label Studio server and nowhere else.
      </p>
      {error && <LsErrorNote error={error} testId="ls-connect-error" />}
      {connection && (
        <p role="status" data-testid="ls-connection" data-token-kind={connection.tokenKind}>
          Connected to Label Studio <strong>{connection.version}</strong>
          {connection.edition ? ` (${connection.edition})` : ''} at {connection.server} as{' '}
          <strong>{connection.user.name}</strong>{' '}
          <span className="muted">
            ({TOKEN_KINDS[connection.tokenKind]}
            {connection.remembered ? ', saved on this device' : ''})
          </span>
        </p>
      )}
    </form>
  );
}
