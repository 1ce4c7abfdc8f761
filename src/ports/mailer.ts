/** One plain-text message to one address. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail (the local mode's password-reset codes; Cognito mails its own). Resolves once the message is handed on. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
