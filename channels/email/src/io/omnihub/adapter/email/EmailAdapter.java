package io.omnihub.adapter.email;

import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;


import io.omnihub.adapter.common.AdapterSettings;
import io.omnihub.adapter.common.Adapters;
import io.omnihub.adapter.common.Hub;
import io.omnihub.adapter.common.ReplyCommand;
import io.omnihub.adapter.common.ReplyLoop;

/**
 * Reference adapter of e-mail, a reply route: replies routed to e-mail are sent through SMTP
 * ({@code SMTP_HOST}, {@code SMTP_PORT}, {@code MAIL_FROM}).
 */
public class EmailAdapter implements AutoCloseable {

    private final Session session;
    private final String from;
    private final ReplyLoop loop;

    public EmailAdapter(AdapterSettings settings, String smtpHost, int smtpPort, String from) {
        Properties props = new Properties();
        props.put("mail.smtp.host", smtpHost);
        props.put("mail.smtp.port", Integer.toString(smtpPort));
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "5000");
        this.session = Session.getInstance(props);
        this.from = from;
        Hub hub = new Hub(settings);
        hub.preflight();
        this.loop = new ReplyLoop(settings, hub, "adapter-email", this::send, customerId -> {
        });
    }

    /** Sends one reply (the payload of {@code omnihub.replies.email}); answers the mail's Message-ID. */
    public String send(ReplyCommand reply) throws Exception {
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress(from));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(reply.to().value()));
        mail.setSubject("Re: your request " + reply.requestId().substring(0, 8), "UTF-8");
        mail.setText(reply.text(), "UTF-8");
        mail.setHeader("X-Omnihub-Message-Id", reply.messageId());
        Transport.send(mail);
        return mail.getMessageID();
    }

    @Override
    public void close() {
        loop.close();
    }

    public static void main(String[] args) {
        Adapters.run("email", settings -> new EmailAdapter(settings, Adapters.env("SMTP_HOST", "localhost"),
                port(Adapters.env("SMTP_PORT", "25")), Adapters.env("MAIL_FROM", "support@example.com")));
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new io.omnihub.adapter.common.AdapterException("SMTP_PORT must be a port number, got '" + value + "'");
        }
    }
}
