import Bowser from 'bowser';

/**
 * "Chrome on macOS", "Safari on iOS", "LoyaltyApp on iOS": what a person recognises in a list of their
 * devices. A User-Agent bowser does not know (an HTTP library, a test client) is named by its first
 * product token, so the list still tells devices apart.
 */
export function deviceLabel(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const { browser, os } = Bowser.parse(userAgent);
  const app = browser.name || /^[\w.-]+/.exec(userAgent)?.[0] || 'Unknown device';
  return (os.name ? `${app} on ${os.name}` : app).slice(0, 80);
}
