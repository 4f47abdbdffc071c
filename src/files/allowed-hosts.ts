/**
 * The download allow list: `host:port` allows exactly that port; a bare host allows only the
 * standard port of the scheme (443 / 80). Host names compare case-insensitively.
 */
export function isAllowedHost(url: URL, policy: { allowedHosts: readonly string[] }): boolean {
  const name = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
  return policy.allowedHosts.some((entry) => {
    const lower = entry.toLowerCase();
    const colon = lower.lastIndexOf(':');
    if (colon === -1 || lower.includes(']')) return lower === name && url.port === '';
    return lower.slice(0, colon) === name && lower.slice(colon + 1) === port;
  });
}
