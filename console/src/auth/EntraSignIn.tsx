/** Sign-in page of a build configured for Microsoft Entra ID: one button, which redirects to Entra ID. */
export function EntraSignIn({ onSignIn, error }: { onSignIn: () => void; error?: string | null }) {
  return (
    <main className="signin">
      <h1>AI SaaS Dashboard</h1>
      <section aria-labelledby="signin-heading" className="panel">
        <h2 id="signin-heading">Sign in</h2>
        <p>Sign in with your organization's Microsoft account.</p>
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <button type="button" onClick={onSignIn}>
          Sign in with Microsoft
        </button>
      </section>
    </main>
  );
}
