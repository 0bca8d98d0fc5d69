/** The trust banner and the message line (`#trust-banner`, `#message`). */
import { el } from './dom';

export function createBanners() {
  const trustBanner = el('div', { id: 'trust-banner', class: 'banner' }, 'This workspace is not trusted: you can view and edit the graph, but running is disabled.');
  const message = el('div', { id: 'message', class: 'banner' });
  trustBanner.hidden = true;
  message.hidden = true;
  return {
    trustBanner,
    message,
    showMessage(text: string, kind: 'error' | 'info' = 'error'): void {
      message.textContent = text;
      message.dataset.kind = kind;
      message.hidden = text === '';
    },
    showTrust(trusted: boolean): void {
      trustBanner.hidden = trusted;
    },
    messageKind: (): string | undefined => message.dataset.kind,
  };
}

export type Banners = ReturnType<typeof createBanners>;
