/** Email for alerts over SMTP (nodemailer). The transport comes from SMTP_URL, e.g. `smtp://user:pass@host:587`. */
import nodemailer from "nodemailer";

export interface AlertMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  from: string;
  send(mail: AlertMail): Promise<{ messageId: string }>;
  close(): void;
}

export function createSmtpMailer(params: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(params.url);
  return {
    from: params.from,
    async send(mail) {
      const info = await transport.sendMail({ from: params.from, to: mail.to, subject: mail.subject, text: mail.text });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
