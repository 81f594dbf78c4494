import { useEffect, useState } from 'react';
import { decodeClaims } from './session';

interface SampleToken {
  name: string;
  description: string;
  token: string;
}

/**
 * Development sign-in. The local console server offers the sample tokens `bin/run` minted (GET /dev/tokens, only
 * there); any other bearer token for this API can be pasted. In Azure, sign-in is Microsoft Entra ID (docs/console.md).
 */
export function SignIn({ onSignIn }: { onSignIn: (token: string) => void }) {
  const [samples, setSamples] = useState<SampleToken[]>([]);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetch('/dev/tokens', { signal: controller.signal, headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : []))
      .then((list: SampleToken[]) => setSamples(Array.isArray(list) ? list : []))
      .catch(() => setSamples([]));
    return () => controller.abort();
  }, []);

  return (
    <main className="signin">
      <h1>AI SaaS Dashboard</h1>
      <section aria-labelledby="signin-heading" className="panel">
        <h2 id="signin-heading">Sign in</h2>
        {samples.length > 0 && (
          <>
            <p>Local development: sign in with a sample token that bin/run minted.</p>
            <ul className="samples">
              {samples.map((sample) => {
                const claims = decodeClaims(sample.token);
                return (
                  <li key={sample.name}>
                    <button type="button" onClick={() => onSignIn(sample.token)}>
                      Sign in as {claims?.sub ?? sample.name}
                      {claims?.tid ? ` of ${claims.tid}` : ''}
                    </button>{' '}
                    <span className="muted">
                      {sample.description || sample.name}
                      {claims && ` — roles: ${claims.roles.join(', ') || 'none'}`}
                    </span>
                  </li>
                );
              })}
            </ul>
          </>
        )}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const token = pasted.trim().replace(/^Bearer\s+/i, '');
            if (!decodeClaims(token)) {
              setError('That is not a JWT (three base64url parts separated by dots).');
              return;
            }
            onSignIn(token);
          }}
        >
          <label>
            Bearer token
            <textarea value={pasted} onChange={(event) => setPasted(event.target.value)} rows={4} spellCheck={false} autoComplete="off" />
          </label>
          {error && (
            <p role="alert" className="error-text">
              {error}
            </p>
          )}
          <button type="submit">Sign in with this token</button>
        </form>
      </section>
    </main>
  );
}
