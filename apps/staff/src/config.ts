/**
 * Read from a <meta> tag that Vite fills from VITE_ADMIN_API_URL at build or serve time, so a server can
 * also rewrite it for a built app (the browser tests point one build at an API on a random port).
 */
function meta(name: string): string | undefined {
  const value = document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content.trim();
  return value && !value.startsWith('%') ? value : undefined;
}

export const config = {
  apiUrl: meta('loyalty-admin-api') ?? '',
};
