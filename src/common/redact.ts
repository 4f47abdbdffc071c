/**
 * Secrets by their shape, for text we did not write (upstream error bodies, library messages): an
 * OpenRouter or OpenAI-style key, a bearer credential, Slack and Discord tokens, passwords in URLs.
 * The logger also scrubs the configured secret values; this catches keys it was never told about.
 */
export const SECRET_MASK = '[redacted]';

const PATTERNS: readonly RegExp[] = [
  // a credential has a digit somewhere: "bot operators" is prose, "Bot MTk4…" is a token
  /\b(Bearer|Basic|Bot)\s+(?=[A-Za-z._~+/=-]*[0-9])[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bsk-(?:or-v1-|ant-|proj-)?[A-Za-z0-9_-]{12,}/g,
  /\bxox[abposre]-[A-Za-z0-9-]{8,}/g,
  /\bxapp-[A-Za-z0-9-]{8,}/g,
  /\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}\b/g,
  /(?<=\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+(?=@)/gi,
];

/** The text with every secret-shaped part replaced by `[redacted]` (a bearer keeps its scheme word). */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (_match, scheme?: string) =>
      typeof scheme === 'string' && /^(bearer|basic|bot)$/i.test(scheme)
        ? `${scheme} ${SECRET_MASK}`
        : SECRET_MASK,
    );
  }
  return out;
}
