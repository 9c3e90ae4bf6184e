// External links from the Electron window: only http(s) web links, only to
// the system browser, and only after the user confirms. Every other scheme is
// dropped without a question. (guards.ts needs Electron's types only.) And
// browser mode's peer check refuses every address that isn't loopback.
import { describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import { isLoopbackAddress } from '../../electron/transports/security.js';
import { externalWebLink, guardWebContents, offerExternalLink, type ExternalOpener } from '../../electron/shell/guards.js';

const APP_URL = 'file:///opt/weft/dist/renderer/index.html';

function opener(answer: boolean): ExternalOpener & { confirm: ReturnType<typeof vi.fn>; open: ReturnType<typeof vi.fn> } {
  return { confirm: vi.fn(async () => answer), open: vi.fn(async () => {}) };
}

describe('external links', () => {
  it('are web links only: http and https, without credentials', () => {
    expect(externalWebLink('https://www.end-violence.org/disrupting-harm')).toBe('https://www.end-violence.org/disrupting-harm');
    expect(externalWebLink('http://example.org')).toBe('http://example.org/');
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'mailto:a@b.org', 'smb://server/share', 'ms-msdt:/id', 'vbscript:x', 'data:text/html,hi', 'https://user:pw@example.org/', 'not a url', '', null]) {
      expect(externalWebLink(bad), String(bad)).toBeNull();
    }
  });

  it('open in the system browser only after the user confirms', async () => {
    const yes = opener(true);
    expect(await offerExternalLink('https://example.org/a', yes)).toBe(true);
    expect(yes.confirm).toHaveBeenCalledWith('https://example.org/a');
    expect(yes.open).toHaveBeenCalledWith('https://example.org/a');
    const no = opener(false);
    expect(await offerExternalLink('https://example.org/a', no)).toBe(false);
    expect(no.open).not.toHaveBeenCalled();
    const never = opener(true);
    expect(await offerExternalLink('file:///etc/passwd', never)).toBe(false);
    expect(await offerExternalLink('javascript:alert(1)', never)).toBe(false);
    expect(never.confirm).not.toHaveBeenCalled();
    expect(never.open).not.toHaveBeenCalled();
  });

  it('leave the window by neither navigation nor window.open: they are offered to the browser instead', async () => {
    const listeners = new Map<string, (e: { preventDefault: () => void }, url: string) => void>();
    let windowOpen: ((d: { url: string }) => { action: string }) | undefined;
    const contents = { on: (n: string, l: never) => listeners.set(n, l), setWindowOpenHandler: (h: typeof windowOpen) => (windowOpen = h) };
    const ext = opener(true);
    guardWebContents(contents as unknown as WebContents, APP_URL, ext);
    const e = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(e, 'https://example.org/x');
    expect(e.preventDefault).toHaveBeenCalled();
    expect(windowOpen!({ url: 'https://example.org/y' })).toEqual({ action: 'deny' });
    expect(windowOpen!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    listeners.get('will-navigate')!({ preventDefault: vi.fn() }, 'ms-settings:privacy');
    await vi.waitFor(() => expect(ext.open).toHaveBeenCalledTimes(2));
    expect(ext.open.mock.calls.map((c) => c[0])).toEqual(['https://example.org/x', 'https://example.org/y']);
    // within the app nothing is offered
    const inside = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(inside, `${APP_URL}#/codes`);
    expect(inside.preventDefault).not.toHaveBeenCalled();
    expect(ext.confirm).toHaveBeenCalledTimes(2);
  });
});

describe('browser mode peers', () => {
  it('only loopback peers pass the second check (after the 127.0.0.1 bind)', () => {
    for (const ok of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(ok), ok).toBe(true);
    for (const bad of ['192.0.2.2', '::ffff:192.0.2.2', '10.0.0.1', '0.0.0.0', '::', 'fd00::2', '127.0.0.1.example.org', '', undefined]) {
      expect(isLoopbackAddress(bad), String(bad)).toBe(false);
    }
  });
});
