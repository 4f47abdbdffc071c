/** Secret shapes redacted from upstream text, and the download allow list's port rules. */
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/common/redact.js';
import { isAllowedHost } from '../../src/files/allowed-hosts.js';

describe('redactSecrets', () => {
  it.each([
    ['Bad request from Bearer sk-or-v1-abc0123456789abcdef', 'Bad request from Bearer [redacted]'],
    ['key sk-or-v1-0123456789abcdef0123 rejected', 'key [redacted] rejected'],
    ['token xoxb-1111-2222-abcdefghij was revoked', 'token [redacted] was revoked'],
    ['app token xapp-1-A0FAKE-3333-abcdef', 'app token [redacted]'],
    ['MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz12345 is bad', '[redacted] is bad'],
    ['redis://user:pa55word@host:6379/0', 'redis://user:[redacted]@host:6379/0'],
  ])('%s', (input, output) => {
    expect(redactSecrets(input)).toBe(output);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Use a risk-assessment-framework; see https://example.com/a:b and task-management-system.';
    expect(redactSecrets(text)).toBe(text);
  });

  it('leaves prose after the scheme words alone (only the bot operators, basic understanding)', () => {
    const text = 'Only the bot operators (ADMIN_USER_IDS) can see it; a basic understanding; bearer shares.';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('isAllowedHost', () => {
  const policy = { allowedHosts: ['files.example.com:8443', 'CDN.example.org'] };
  it.each([
    ['https://files.example.com:8443/x', true],
    ['https://files.example.com:9000/x', false],
    ['https://files.example.com/x', false],
    ['https://cdn.example.org/x', true],
    ['http://cdn.example.org/x', true],
    ['https://cdn.example.org:22/x', false],
    ['https://other.example.org/x', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedHost(new URL(url), policy)).toBe(allowed);
  });
});
