/**
 * Read from <meta> tags that Vite fills from VITE_* variables at build or serve time, so a server can
 * also rewrite them for a built app (the browser tests point one build at an API on a random port).
 */
function meta(name: string): string | undefined {
  const value = document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content.trim();
  return value && !value.startsWith('%') ? value : undefined;
}

export const config = {
  apiUrl: meta('loyalty-customer-api') ?? '',
  /** The customer pool's hosted UI and app client, for "Sign in with Google"; unset, the button is hidden. */
  hostedUiUrl: meta('loyalty-hosted-ui'),
  clientId: meta('loyalty-client-id'),
};
