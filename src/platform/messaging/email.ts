import nodemailer, { type Transporter } from 'nodemailer';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

/** Sends mail through the configured SMTP relay (nodemailer connection URL); UTF-8 subjects and bodies. */
export function smtpSender(url: string, from: string): EmailSender {
  const transport: Transporter = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, attachments: m.attachments });
    },
    close: () => transport.close(),
  };
}
