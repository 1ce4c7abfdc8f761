import type { MailMessage, Mailer } from '../../src/ports/mailer.js';
import { waitFor } from './client.js';

/** A Mailer that keeps what it is given, for a test to read: the port implemented in the test, not a mock of ours. */
export class Mailbox implements Mailer {
  readonly messages: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.messages.push(message);
  }

  /** Messages to `to` so far. */
  to(to: string): MailMessage[] {
    return this.messages.filter((m) => m.to === to);
  }

  /** Waits for the `nth` message to `to` (1-based; reset codes are sent in the background) and answers its code. */
  async code(to: string, nth: number): Promise<string> {
    const message = await waitFor(() => this.to(to)[nth - 1]);
    if (!message) throw new Error(`no message #${nth} to ${to}: ${JSON.stringify(this.messages)}`);
    return codeIn(message.text);
  }
}

/** The 8-digit reset code in a message's text. */
export function codeIn(text: string): string {
  const code = /\b(\d{8})\b/.exec(text)?.[1];
  if (!code) throw new Error(`no code in ${JSON.stringify(text)}`);
  return code;
}
